package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.Eventually;
import io.cdcflow.api.RowComparison;
import io.cdcflow.api.SourceLoad;
import io.cdcflow.api.monitoring.JobFigures;
import io.cdcflow.api.monitoring.JobFiguresReader;
import io.cdcflow.testing.TestDatabaseServer;
import io.cdcflow.testing.TestPostgres;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outages of the databases a running pipeline reads and writes, with a steady stream of inserts,
 * updates and deletes at the source: the target unreachable for half a minute, and the source
 * restarted during streaming and during the copy. Flink's exponential-delay restarts (and, if they
 * run out, the control API's automatic recovery) bring the job back from its checkpoints; each test
 * ends with a row-by-row comparison: 0 rows lost, 0 doubled, and no new snapshot.
 */
class DatabaseOutageFaultTest {

  /**
   * Long enough for several failed restarts; the monitoring test covers lag during a longer one.
   */
  static final Duration TARGET_OUTAGE = Duration.ofSeconds(30);

  static ApiTestServer api;
  static TestPostgres shared;
  static TestPostgres flaky;

  @BeforeAll
  static void start() {
    shared = TestPostgres.shared();
    flaky = TestPostgres.startRestartable(TestPostgres.LOGICAL);
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
    if (flaky != null) {
      flaky.close();
    }
  }

  @Test
  void targetUnreachableThenBackConverges() {
    String sourceDb = table(shared, "outage_src");
    String targetDb = flaky.createDatabase("outage_dst");
    api.addConnection("outage-src", shared, sourceDb);
    api.addConnection("outage-dst", flaky, targetDb);
    createAndStart("to-flaky-target", "outage-src", "outage-dst");
    Eventually.sameRows(shared, sourceDb, flaky, targetDb, "public.items", "");

    try (SourceLoad load = SourceLoad.start(shared, sourceDb, "public.items", 5001, 25)) {
      awaitCheckpoint("to-flaky-target");
      flaky.stopServer();
      sleep(TARGET_OUTAGE);
      long duringOutage = load.applied();
      flaky.startServer();
      Eventually.equals(
          "STREAMING",
          () -> api.get("/api/pipelines/to-flaky-target/status").json().get("state").asText());
      Eventually.satisfies("changes after the outage", load::applied, n -> n > duringOutage + 50);
    }
    RowComparison.assertSameRows(shared, sourceDb, flaky, targetDb, "public.items");
    assertNoNewSnapshot("to-flaky-target");
    api.post("/api/pipelines/to-flaky-target/stop", null);
  }

  @Test
  void sourceRestartedDuringStreamingConverges() {
    String sourceDb = table(flaky, "restart_src");
    String targetDb = shared.createDatabase("restart_dst");
    api.addConnection("restart-src", flaky, sourceDb);
    api.addConnection("restart-dst", shared, targetDb);
    createAndStart("from-flaky-source", "restart-src", "restart-dst");
    Eventually.sameRows(flaky, sourceDb, shared, targetDb, "public.items", "");

    try (SourceLoad load = SourceLoad.start(flaky, sourceDb, "public.items", 5001, 25)) {
      awaitCheckpoint("from-flaky-source");
      flaky.stopServer();
      sleep(Duration.ofSeconds(5));
      flaky.startServer();
      long restartedAt = load.applied();
      Eventually.satisfies("changes after the restart", load::applied, n -> n > restartedAt + 100);
      Eventually.equals(
          "STREAMING",
          () -> api.get("/api/pipelines/from-flaky-source/status").json().get("state").asText());
    }
    RowComparison.assertSameRows(flaky, sourceDb, shared, targetDb, "public.items");
    assertNoNewSnapshot("from-flaky-source");
    api.post("/api/pipelines/from-flaky-source/stop", null);
  }

  /**
   * The source restarts in the middle of the copy; once it is back, rows already copied are
   * deleted, updated and moved to another key. The copy goes on from its checkpoint (the target
   * counts the rows written as first copied: a copy started over would have written 1.5 copies) and
   * the log from the slot made before the copy brings every change.
   */
  @Test
  void sourceRestartedDuringTheCopyConverges() {
    int rows = 60_000;
    String sourceDb = flaky.createDatabase("copy_restart_src");
    CopyFaultFixture.createSource(flaky, sourceDb, rows);
    String targetDb = shared.createDatabase("copy_restart_dst");
    CopyFaultFixture.createSlowTarget(shared, targetDb);
    api.addConnection("copy-restart-src", flaky, sourceDb);
    api.addConnection("copy-restart-dst", shared, targetDb);
    createAndStart(
        "copy-restart", "copy-restart-src", "copy-restart-dst", Map.of("chunk_size", 2000));
    Eventually.satisfies(
        "half copied, with a checkpoint",
        () -> api.get("/api/pipelines/copy-restart/status").json(),
        s ->
            !s.path("last_checkpoint").isNull()
                && CopyFaultFixture.rowsInTarget(shared, targetDb) >= rows / 2);
    assertThat(api.get("/api/pipelines/copy-restart/status").json().get("state").asText())
        .isEqualTo("SNAPSHOTTING");

    flaky.stopServer();
    sleep(Duration.ofSeconds(5));
    flaky.startServer();
    CopyFaultFixture.changeCopiedRows(flaky, sourceDb);

    Eventually.equals(
        "STREAMING",
        () -> api.get("/api/pipelines/copy-restart/status").json().get("state").asText());
    Eventually.sameRows(flaky, sourceDb, shared, targetDb, "public.items", "");
    RowComparison.assertSameRows(flaky, sourceDb, shared, targetDb, "public.items");
    assertThat(CopyFaultFixture.copiedRows(shared, targetDb))
        .as("rows copied: the copy went on from its checkpoint, it did not start over")
        .isLessThan(rows + rows / 4);
    api.post("/api/pipelines/copy-restart/stop", null);
  }

  private static String table(TestDatabaseServer server, String prefix) {
    String db = server.createDatabase(prefix);
    server.execute(
        db,
        "CREATE TABLE public.items (id int PRIMARY KEY, note text NOT NULL, qty int NOT NULL)",
        "INSERT INTO public.items SELECT g, 'item ' || g, g % 100 FROM generate_series(1, 5000) g");
    return db;
  }

  private static void createAndStart(String name, String source, String target) {
    createAndStart(name, source, target, Map.of());
  }

  private static void createAndStart(
      String name, String source, String target, Map<String, Object> moreOptions) {
    Map<String, Object> options =
        new HashMap<>(
            Map.of(
                "parallelism",
                1,
                "checkpoint_interval_seconds",
                1,
                "restart_attempts",
                30,
                "restart_delay_seconds",
                1,
                "restart_max_delay_seconds",
                4,
                "auto_recover_delay_seconds",
                2));
    options.putAll(moreOptions);
    api.post(
        "/api/pipelines",
        Map.of(
            "name",
            name,
            "source",
            source,
            "target",
            target,
            "mode",
            "FULL_LOAD_AND_CDC",
            "tables",
            Map.of("include", List.of("public.items")),
            "options",
            options));
    assertThat(api.post("/api/pipelines/" + name + "/start", null).status()).isEqualTo(200);
  }

  private static void awaitCheckpoint(String name) {
    Eventually.satisfies(
        "streaming with a checkpoint",
        () -> api.get("/api/pipelines/" + name + "/status").json(),
        s -> s.get("state").asText().equals("STREAMING") && !s.path("last_checkpoint").isNull());
  }

  /**
   * Every run after the first restored a checkpoint, and a job that Flink restarted read no
   * snapshot rows since (its counters start over with each restart; without a restart nothing
   * re-read).
   */
  private static void assertNoNewSnapshot(String name) {
    JsonNode status = api.get("/api/pipelines/" + name + "/status").json();
    JsonNode runs = status.get("runs");
    for (int i = 0; i < runs.size() - 1; i++) {
      assertThat(runs.get(i).get("restored_from").asText()).as(runs.toString()).isNotBlank();
    }
    JobFigures figures =
        new JobFiguresReader(api.server().flink()).read(status.get("flink_job_id").asText());
    if (runs.size() > 1 || figures.restarts().orElse(0) > 0) {
      assertThat(figures.sourceSum("numSnapshotRecords").orElse(0))
          .as("rows snapshotted since the job was restored")
          .isZero();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
