package io.cdcflow.api.catalog;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's PostgreSQL when no {@code CDCFLOW_CATALOG_URL} is set: real PostgreSQL binaries
 * from Maven, data kept under the data directory so a restart keeps every connection and pipeline.
 *
 * <p>The server is a child process: when the platform's JVM is killed (kill -9, the OOM killer) it
 * runs on and holds the data directory. The next start stops such a leftover server first.
 */
public final class EmbeddedCatalog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCatalog.class);
  private static final Duration LEFTOVER_SHUTDOWN = Duration.ofSeconds(30);

  private final EmbeddedPostgres postgres;

  private EmbeddedCatalog(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedCatalog start(Path dataDir) throws IOException {
    Path pgData = dataDir.resolve("catalog-pg");
    Files.createDirectories(pgData);
    stopLeftoverServer(pgData);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(pgData)
            .setCleanDataDirectory(false)
            .setPort(freePort())
            .setServerConfig("max_connections", "50")
            .start();
    LOG.info("Embedded catalog PostgreSQL started, data in {}", pgData);
    return new EmbeddedCatalog(postgres);
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public String user() {
    return "postgres";
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  /**
   * Stops the postmaster named by {@code postmaster.pid} when it still runs on this data directory
   * (a process that reused the pid is left alone). SIGTERM, PostgreSQL's smart shutdown, is enough:
   * its clients died with the old JVM.
   */
  private static void stopLeftoverServer(Path pgData) throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.size() < 2 || !lines.get(0).strip().matches("[0-9]+")) {
      return;
    }
    long pid = Long.parseLong(lines.get(0).strip());
    Optional<ProcessHandle> server = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (server.isEmpty() || !runsOn(server.get(), pgData, lines.get(1).strip())) {
      return;
    }
    LOG.warn(
        "A catalog PostgreSQL left by an earlier process (pid {}) still holds {}; stopping it",
        pid,
        pgData);
    server.get().destroy();
    try {
      server.get().onExit().get(LEFTOVER_SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      LOG.warn("It did not stop within {}; killing it", LEFTOVER_SHUTDOWN);
      server.get().destroyForcibly();
      server.get().onExit().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the leftover catalog server", e);
    } catch (ExecutionException e) {
      throw new IOException("cannot stop the leftover catalog server " + pid, e);
    }
  }

  /** The postmaster.pid's second line is the data directory of the server that wrote it. */
  private static boolean runsOn(ProcessHandle process, Path pgData, String dataDirLine) {
    boolean postgres = process.info().command().map(c -> c.endsWith("postgres")).orElse(false);
    try {
      return postgres && Path.of(dataDirLine).toRealPath().equals(pgData.toRealPath());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
