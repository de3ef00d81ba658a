package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.Eventually;
import io.cdcflow.api.RowComparison;
import io.cdcflow.api.SourceLoad;
import io.cdcflow.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control API with its embedded MiniCluster is closed while a pipeline streams (its jobs die
 * with the process; the pipeline is left STARTING in the catalog, as if the process had died in the
 * middle of a start) and started again on the same catalog and data directory: reconciliation
 * resubmits the pipeline from its newest retained checkpoint, without a new snapshot, and the
 * target converges with the changes made meanwhile: 0 rows lost, 0 doubled.
 */
class EmbeddedRestartReconcileTest {

  static ApiTestServer api;
  static TestPostgres pg;
  static String sourceDb;
  static String targetDb;

  @BeforeAll
  static void start() {
    pg = TestPostgres.shared();
    sourceDb = pg.createDatabase("reconcile_src");
    targetDb = pg.createDatabase("reconcile_dst");
    pg.execute(
        sourceDb,
        "CREATE TABLE public.items (id int PRIMARY KEY, note text NOT NULL, qty int NOT NULL)",
        "INSERT INTO public.items SELECT g, 'item ' || g, g % 100 FROM generate_series(1, 3000) g");
    api = ApiTestServer.start();
    api.addConnection("src", pg, sourceDb);
    api.addConnection("dst", pg, targetDb);
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void vanishedJobIsResubmittedFromItsRetainedCheckpoint() {
    api.post(
        "/api/pipelines",
        Map.of(
            "name",
            "items",
            "source",
            "src",
            "target",
            "dst",
            "mode",
            "FULL_LOAD_AND_CDC",
            "tables",
            Map.of("include", List.of("public.items")),
            "options",
            Map.of("parallelism", 1, "checkpoint_interval_seconds", 1)));
    api.post("/api/pipelines/items/start", null);
    try (SourceLoad load = SourceLoad.start(pg, sourceDb, "public.items", 3001, 25)) {
      Eventually.satisfies(
          "streaming with a checkpoint",
          () -> api.get("/api/pipelines/items/status").json(),
          s -> s.get("state").asText().equals("STREAMING") && !s.path("last_checkpoint").isNull());
      sleep(2_000);
      api.close(); // the process goes, and the embedded cluster's job with it
      // as if it had died in the middle of a start: STARTING with a run but no job
      pg.execute(
          api.catalogDatabase(),
          "UPDATE cdcflow.pipelines SET state = 'STARTING' WHERE name = 'items'");
      long whileDown = load.applied();
      Eventually.satisfies("changes while the API is down", load::applied, n -> n > whileDown + 50);
      api = api.restart();
      JsonNode status =
          Eventually.satisfies(
              "resubmitted and streaming",
              () -> api.get("/api/pipelines/items/status").json(),
              s ->
                  s.get("state").asText().equals("STREAMING")
                      && s.at("/runs/0/trigger").asText().equals("reconcile"));
      assertThat(status.at("/runs/0/restored_from").asText())
          .as(status.toString())
          .contains("chk-");
      assertThat(status.at("/runs/1/state").asText()).isEqualTo("FAILED");
      long after = load.applied();
      Eventually.satisfies("changes after the restart", load::applied, n -> n > after + 50);
    }
    RowComparison.assertSameRows(pg, sourceDb, pg, targetDb, "public.items");
    api.post("/api/pipelines/items/stop", null);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
