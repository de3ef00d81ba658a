package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.Eventually;
import io.cdcflow.api.RowComparison;
import io.cdcflow.api.SourceLoad;
import io.cdcflow.api.flink.CheckpointStats;
import io.cdcflow.api.flink.FlinkRestClient;
import io.cdcflow.api.flink.FlinkSessionCluster;
import io.cdcflow.api.flink.JobOverview;
import io.cdcflow.api.monitoring.JobFigures;
import io.cdcflow.api.monitoring.JobFiguresReader;
import io.cdcflow.testing.TestPostgres;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults of the processes around a pipeline on a separate Flink session cluster, with a steady
 * stream of inserts, updates and deletes at the source throughout:
 *
 * <ol>
 *   <li>the TaskManager is SIGKILLed during the snapshot and a new one started: the job restores
 *       its last checkpoint and finishes the snapshot without starting it over;
 *   <li>the same during streaming;
 *   <li>the control API is closed without stopping anything and started again on the same catalog:
 *       it re-attaches to the running job, and the cluster still runs exactly one job of the
 *       pipeline.
 * </ol>
 *
 * Each ends with a row-by-row comparison: 0 rows lost, 0 doubled.
 */
class SessionClusterFaultTest {

  static final String SECRET_KEY = "the key the platform and its cluster share";
  static final int ROWS = 60_000;

  static FlinkSessionCluster cluster;
  static ApiTestServer api;
  static TestPostgres pg;
  static String sourceDb;
  static String targetDb;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        FlinkSessionCluster.start(
            Files.createTempDirectory("cdcflow-fault-flink-"),
            configuration -> configuration.setString("cdcflow.secret-key", SECRET_KEY));
    pg = TestPostgres.shared();
    sourceDb = pg.createDatabase("fault_src");
    targetDb = pg.createDatabase("fault_dst");
    pg.execute(
        sourceDb,
        "CREATE TABLE public.orders (id int PRIMARY KEY, note text NOT NULL, qty int NOT NULL)",
        "INSERT INTO public.orders SELECT g, 'order ' || g, g % 1000 FROM generate_series(1, "
            + ROWS
            + ") g");
    // the target table exists (the pipeline keeps it) and takes its rows slowly enough that the
    // copy lasts several checkpoints, so that the kill lands in its middle
    pg.execute(
        targetDb,
        "CREATE TABLE public.orders (id int PRIMARY KEY, note text NOT NULL, qty int NOT NULL)",
        """
        CREATE FUNCTION public.slowly() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_sleep(0.0004);
          RETURN NEW;
        END $$
        """,
        "CREATE TRIGGER slowly BEFORE INSERT ON public.orders"
            + " FOR EACH ROW EXECUTE FUNCTION public.slowly()");
    api =
        ApiTestServer.start(
            Map.of(
                "CDCFLOW_FLINK_URL",
                cluster.restUrl().toString(),
                "CDCFLOW_SECRET_KEY",
                SECRET_KEY,
                "CDCFLOW_METRICS_INTERVAL",
                "2"));
    api.addConnection("src", pg, sourceDb);
    api.addConnection("dst", pg, targetDb);
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void taskManagerKillsAndAControlApiRestartLoseAndDoubleNothing() {
    api.post(
        "/api/pipelines",
        Map.of(
            "name",
            "orders",
            "source",
            "src",
            "target",
            "dst",
            "mode",
            "FULL_LOAD_AND_CDC",
            "tables",
            Map.of("include", List.of("public.orders")),
            "options",
            Map.of(
                "parallelism",
                1,
                "chunk_size",
                500,
                "checkpoint_interval_seconds",
                1,
                "restart_attempts",
                20,
                "restart_delay_seconds",
                1,
                "restart_max_delay_seconds",
                2)));
    JsonNode started = api.post("/api/pipelines/orders/start", null).json();
    String jobId = started.get("flink_job_id").asText();
    FlinkRestClient flink = api.server().flink();

    try (SourceLoad load = SourceLoad.start(pg, sourceDb, "public.orders", ROWS + 1, 25)) {
      // 1. SIGKILL the TaskManager once a few chunks are copied and checkpointed: a checkpoint
      // that began after they were handed out (one in flight then may have begun before)
      long checkpointThen =
          Eventually.satisfies(
                  "some snapshot chunks handed out",
                  () -> api.get("/api/pipelines/orders/status").json(),
                  s -> s.at("/snapshot/splits_processed").asLong() >= 4)
              .at("/last_checkpoint/id")
              .asLong(0);
      Eventually.satisfies(
          "a checkpoint after some snapshot chunks",
          () -> api.get("/api/pipelines/orders/status").json(),
          s ->
              s.at("/last_checkpoint/id").asLong(0) > checkpointThen + 1
                  && s.at("/snapshot/splits_remaining").asLong() > 5);
      long splitsBeforeKill =
          api.get("/api/pipelines/orders/status").json().at("/snapshot/splits_processed").asLong();
      cluster.killTaskManager();
      cluster.startTaskManager();
      Eventually.equals(
          "STREAMING", () -> api.get("/api/pipelines/orders/status").json().get("state").asText());
      CheckpointStats stats = flink.checkpoints(jobId);
      assertThat(stats.latestRestored())
          .as("the job restored a checkpoint after the kill")
          .hasValueSatisfying(r -> assertThat(r.id()).isPositive());
      JobFigures figures = new JobFiguresReader(flink).read(jobId);
      assertThat(figures.sourceSum("numRecordsOut").orElse(ROWS))
          .as("rows read after the restore (%d chunks were done before the kill)", splitsBeforeKill)
          .isLessThan(ROWS);
      assertThat(api.get("/api/pipelines/orders/status").json().get("runs"))
          .as("Flink restarted the job itself: one run")
          .hasSize(1);
      atRest(load);

      // 2. the same during streaming
      Eventually.satisfies(
          "a checkpoint while streaming",
          () -> flink.checkpoints(jobId).counts().completed(),
          n -> n > stats.counts().completed() + 2);
      cluster.killTaskManager();
      cluster.startTaskManager();
      Eventually.satisfies(
          "the job running again", () -> flink.job(jobId), j -> j.isFullyRunning());
      Eventually.satisfies("changes during the outage", load::applied, n -> n > 200);
      atRest(load);

      // 3. the control API goes away without stopping anything and comes back on the same catalog
      api.close();
      sleep(3_000);
      api = api.restart();
      JsonNode status =
          Eventually.satisfies(
              "re-attached",
              () -> api.get("/api/pipelines/orders/status").json(),
              s -> s.get("state").asText().equals("STREAMING"));
      assertThat(status.get("flink_job_id").asText()).isEqualTo(jobId);
      assertThat(status.get("runs")).as("no new submission").hasSize(1);
      long before = load.applied();
      Eventually.satisfies("changes after the restart", load::applied, n -> n > before + 100);
    }
    List<JobOverview> live =
        flink.jobs().stream()
            .filter(j -> !j.state().isGloballyTerminal())
            .filter(j -> j.name().contains("orders"))
            .toList();
    assertThat(live).as("exactly one job of the pipeline").hasSize(1);
    assertThat(live.get(0).id()).isEqualTo(jobId);
    RowComparison.assertSameRows(pg, sourceDb, pg, targetDb, "public.orders");
    api.post("/api/pipelines/orders/stop", null);
  }

  /** Holds the changes, compares row by row, and lets them go on. */
  private static void atRest(SourceLoad load) {
    load.pause();
    try {
      RowComparison.assertSameRows(pg, sourceDb, pg, targetDb, "public.orders");
    } finally {
      load.resume();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
