package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.Eventually;
import io.cdcflow.api.RowComparison;
import io.cdcflow.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's JVM (control API and embedded Flink cluster) is killed with -9 in the middle of a
 * pipeline's copy, as the kernel's OOM killer would. While it is down, rows already copied are
 * deleted, updated and moved to another key. The platform started again on the same catalog and
 * data directory resumes the pipeline from its last checkpoint: the copy goes on (the target counts
 * the rows written as first copied: a copy started over would have written 1.5 copies), then the
 * log from the slot made before the copy brings every change, and the target ends equal to the
 * source, row by row.
 */
class PlatformKillDuringCopyTest {

  private static final int ROWS = 60_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aKilledPlatformResumesTheCopyFromItsCheckpoint(@TempDir Path dataDir) throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String sourceDb = pg.createDatabase("kill_src");
    CopyFaultFixture.createSource(pg, sourceDb, ROWS);
    String targetDb = pg.createDatabase("kill_dst");
    CopyFaultFixture.createSlowTarget(pg, targetDb);
    Platform platform = new Platform(pg, dataDir);
    try {
      platform.start();
      platform.addConnection("kill-src", pg, sourceDb);
      platform.addConnection("kill-dst", pg, targetDb);
      platform.send(
          "POST",
          "/api/pipelines",
          Map.of(
              "name",
              "killed",
              "source",
              "kill-src",
              "target",
              "kill-dst",
              "mode",
              "FULL_LOAD_AND_CDC",
              "tables",
              Map.of("include", List.of("public.items")),
              "options",
              Map.of("parallelism", 1, "chunk_size", 2000, "checkpoint_interval_seconds", 1)));
      platform.send("POST", "/api/pipelines/killed/start", null);
      Eventually.satisfies(
          "half copied, with a checkpoint",
          () -> platform.status("killed"),
          s ->
              !s.path("last_checkpoint").isNull()
                  && CopyFaultFixture.rowsInTarget(pg, targetDb) >= ROWS / 2);
      assertThat(platform.status("killed").get("state").asText()).isEqualTo("SNAPSHOTTING");

      platform.kill();
      CopyFaultFixture.changeCopiedRows(pg, sourceDb);

      platform.start();
      Eventually.equals("STREAMING", () -> platform.status("killed").get("state").asText());
      Eventually.sameRows(pg, sourceDb, targetDb, "public.items", "");
      RowComparison.assertSameRows(pg, sourceDb, pg, targetDb, "public.items");
      assertThat(CopyFaultFixture.copiedRows(pg, targetDb))
          .as("rows copied: the copy went on from its checkpoint, it did not start over")
          .isLessThan(ROWS + ROWS / 4);
      JsonNode runs = platform.status("killed").get("runs");
      assertThat(runs.get(0).path("restored_from").asText())
          .as("the resumed run restored a checkpoint: %s", runs)
          .isNotBlank();
      platform.send("POST", "/api/pipelines/killed/stop", null);
      platform.send("DELETE", "/api/pipelines/killed", null);
    } finally {
      platform.kill();
    }
  }

  /** {@code io.cdcflow.api.Main} in a JVM of its own, on a fixed port and data directory. */
  private static final class Platform {

    private final Map<String, String> env = new HashMap<>();
    private final Path log;
    private final String baseUrl;
    private final String token = "kill-admin-" + UUID.randomUUID();
    private Process process;

    Platform(TestPostgres pg, Path dataDir) throws IOException {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      baseUrl = "http://127.0.0.1:" + port;
      log = dataDir.resolve("platform.log");
      env.put("CDCFLOW_PORT", Integer.toString(port));
      env.put("CDCFLOW_FLINK_UI_PORT", "0");
      env.put("CDCFLOW_DATA_DIR", dataDir.toString());
      env.put(
          "CDCFLOW_CATALOG_URL",
          "jdbc:postgresql://"
              + pg.host()
              + ":"
              + pg.port()
              + "/"
              + pg.createDatabase("kill_catalog"));
      env.put("CDCFLOW_CATALOG_USER", pg.username());
      env.put("CDCFLOW_API_TOKEN", token);
    }

    void start() throws Exception {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // Flink's module flags, as the test JVM got them
      ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports"))
          .forEach(command::add);
      command.addAll(
          List.of("-cp", System.getProperty("java.class.path"), "io.cdcflow.api.Main", "serve"));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      process = builder.start();
      Eventually.satisfies(
          "the platform answering (log: " + log + ")",
          () -> {
            if (!process.isAlive()) {
              throw new AssertionError("the platform exited:\n" + logTail());
            }
            try {
              return send("GET", "/api/monitoring/health", null).statusCode();
            } catch (IOException e) {
              return -1;
            }
          },
          status -> status == 200);
    }

    private String logTail() {
      try {
        String text = Files.readString(log);
        return text.substring(Math.max(0, text.length() - 4000));
      } catch (IOException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }

    /** SIGKILL: no shutdown hook runs, the embedded cluster dies with its jobs. */
    void kill() throws InterruptedException {
      if (process != null && process.isAlive()) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }

    void addConnection(String name, TestPostgres pg, String database) throws Exception {
      HttpResponse<String> created =
          send(
              "POST",
              "/api/connections",
              Map.of(
                  "name", name,
                  "type", pg.type().id(),
                  "host", pg.host(),
                  "port", pg.port(),
                  "database", database,
                  "username", pg.username(),
                  "password", pg.password()));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    JsonNode status(String pipeline) {
      try {
        return JSON.readTree(send("GET", "/api/pipelines/" + pipeline + "/status", null).body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Unchecked but for a refused connection (IOException), which the start-up wait expects. */
    HttpResponse<String> send(String method, String path, Object body) throws IOException {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(Duration.ofMinutes(2))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build();
      try {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
