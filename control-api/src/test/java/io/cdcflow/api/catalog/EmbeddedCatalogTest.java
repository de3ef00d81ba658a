package io.cdcflow.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform JVM killed with -9 leaves its catalog PostgreSQL running on the data directory. The
 * next start on that directory stops the leftover server and starts its own on the same data.
 */
class EmbeddedCatalogTest {

  @Test
  void aServerLeftByAKilledProcessIsStoppedAndItsDataKept(@TempDir Path dataDir) throws Exception {
    Process platform =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KilledPlatform.class.getName(),
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(platform.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("ready")) {
        // the child's log
      }
      assertThat(line).as("the first platform started its catalog").isEqualTo("ready");
    }
    platform.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    long leftoverPid =
        Long.parseLong(
            Files.readAllLines(dataDir.resolve("catalog-pg/postmaster.pid")).get(0).strip());
    assertThat(ProcessHandle.of(leftoverPid).map(ProcessHandle::isAlive))
        .as("the killed platform's catalog server runs on")
        .contains(true);

    try (EmbeddedCatalog restarted = EmbeddedCatalog.start(dataDir)) {
      assertThat(ProcessHandle.of(leftoverPid).map(ProcessHandle::isAlive).orElse(false))
          .as("the leftover server stopped")
          .isFalse();
      try (Connection c = DriverManager.getConnection(restarted.jdbcUrl(), restarted.user(), "");
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT v FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("before the kill");
      }
    }
  }

  /** The platform to be killed: starts the catalog, writes a row, says so and waits. */
  static final class KilledPlatform {
    public static void main(String[] args) throws Exception {
      EmbeddedCatalog catalog = EmbeddedCatalog.start(Path.of(args[0]));
      try (Connection c = DriverManager.getConnection(catalog.jdbcUrl(), catalog.user(), "");
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE kept (v text)");
        st.execute("INSERT INTO kept VALUES ('before the kill')");
      }
      System.out.println("ready");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
