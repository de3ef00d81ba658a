package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.Eventually;
import io.cdcflow.api.RowComparison;
import io.cdcflow.api.SourceLoad;
import io.cdcflow.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job failure injected in the sink (a target CHECK constraint that one source row breaks) while
 * the source changes steadily: Flink's restarts and then the control API's automatic recoveries
 * fail on the same row, each attempt is recorded, and the pipeline stays FAILED with the reason and
 * its replication slot (whose retained WAL is reported). Once the target is fixed, {@code POST
 * /recover} resumes from the latest retained checkpoint and the target converges: 0 rows lost, 0
 * doubled. The connectors API shows the two sides of the pipeline throughout.
 */
class PipelineRecoveryApiTest {

  static ApiTestServer api;
  static TestPostgres pg;
  static String sourceDb;
  static String targetDb;

  @BeforeAll
  static void start() {
    pg = TestPostgres.shared();
    sourceDb = pg.createDatabase("rec_src");
    targetDb = pg.createDatabase("rec_dst");
    pg.execute(
        sourceDb,
        "CREATE TABLE public.stock (id int PRIMARY KEY, note text NOT NULL, qty int NOT NULL)",
        "INSERT INTO public.stock SELECT g, 'sku-' || g, g FROM generate_series(1, 1000) g");
    // the target refuses negative stock: the test will send one row of it
    pg.execute(
        targetDb,
        "CREATE TABLE public.stock (id int PRIMARY KEY, note text NOT NULL, qty int NOT NULL"
            + " CONSTRAINT no_negative_stock CHECK (qty >= 0))");
    api = ApiTestServer.start();
    api.addConnection("src", pg, sourceDb);
    api.addConnection("dst", pg, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aFailedPipelineIsRecoveredAutomaticallyThenByHandWithNothingLostOrDoubled() {
    api.post(
        "/api/pipelines",
        Map.of(
            "name",
            "stock",
            "source",
            "src",
            "target",
            "dst",
            "mode",
            "FULL_LOAD_AND_CDC",
            "tables",
            Map.of("include", List.of("public.stock")),
            "options",
            Map.of(
                "parallelism",
                1,
                "checkpoint_interval_seconds",
                1,
                "restart_attempts",
                1,
                "restart_delay_seconds",
                1,
                "auto_recover_attempts",
                2,
                "auto_recover_delay_seconds",
                1)));
    assertThat(api.get("/api/connectors").json()).as("a pipeline never started").isEmpty();
    api.post("/api/pipelines/stock/start", null);
    Eventually.sameRows(pg, sourceDb, targetDb, "public.stock", "");
    Eventually.equals(
        "STREAMING", () -> api.get("/api/pipelines/stock/status").json().get("state").asText());
    assertThat(api.post("/api/pipelines/stock/recover", null).status())
        .as("only a failed pipeline")
        .isEqualTo(409);

    // connectors: the pipeline's source and sink
    JsonNode connectors = api.get("/api/connectors").json();
    assertThat(connectors.findValuesAsText("name")).containsExactly("stock-source", "stock-sink");
    assertThat(connectors.get(0).get("kind").asText()).isEqualTo("source");
    assertThat(connectors.get(0).get("type").asText()).isEqualTo("postgres");
    assertThat(connectors.get(0).get("state").asText()).isEqualTo("RUNNING");
    assertThat(connectors.get(1).get("parallelism").asInt()).isEqualTo(1);
    JsonNode sinkStatus =
        Eventually.satisfies(
            "a running sink task",
            () -> api.get("/api/connectors/stock-sink/status").json(),
            s -> s.at("/tasks/0/state").asText().equals("RUNNING"));
    assertThat(sinkStatus.get("tasks")).hasSize(1);
    assertThat(api.get("/api/connectors/nothing-source/status").status()).isEqualTo(404);
    assertThat(api.get("/api/connectors/stock/status").status()).isEqualTo(404);

    // a restart through the connectors API goes through a savepoint: nothing replayed twice
    JsonNode restarted = api.post("/api/connectors/stock-source/restart", null).json();
    assertThat(restarted.at("/runs/0/trigger").asText())
        .as(restarted.toString())
        .isEqualTo("resume");

    try (SourceLoad load = SourceLoad.start(pg, sourceDb, "public.stock", 2001, 25)) {
      Eventually.satisfies(
          "a checkpoint after the restart",
          () -> api.get("/api/pipelines/stock/status").json(),
          s -> !s.path("last_checkpoint").isNull() && s.get("state").asText().equals("STREAMING"));
      pg.execute(sourceDb, "UPDATE public.stock SET qty = -5 WHERE id = 7");

      JsonNode gaveUp =
          Eventually.satisfies(
              "FAILED after the automatic attempts",
              () -> api.get("/api/pipelines/stock/status").json(),
              s ->
                  s.get("state").asText().equals("FAILED")
                      && s.get("state_reason").asText().contains("gave up"));
      assertThat(gaveUp.get("state_reason").asText()).contains("no_negative_stock");
      List<String> autoAttempts = new ArrayList<>();
      for (JsonNode run : gaveUp.get("runs")) {
        if (run.get("trigger").asText().equals("auto-recover")) {
          autoAttempts.add(run.get("attempt").asText() + ":" + run.get("state").asText());
          assertThat(run.get("restored_from").asText()).as(run.toString()).isNotBlank();
        }
      }
      assertThat(autoAttempts).containsExactly("2:FAILED", "1:FAILED");

      // the failed pipeline keeps its slot, and the WAL the slot holds back is reported
      String slot = api.get("/api/pipelines/stock").json().get("replication_slot").asText();
      assertThat(slotCount(slot)).isEqualTo(1);
      JsonNode metrics =
          Eventually.satisfies(
              "retained WAL of the failed pipeline",
              () -> api.get("/api/monitoring/pipelines/stock/metrics").json(),
              m -> m.at("/metrics/slot_retained_bytes").asDouble() > 0);
      assertThat(metrics.get("state").asText()).isEqualTo("FAILED");
      JsonNode failedSink = api.get("/api/connectors/stock-sink/status").json();
      assertThat(failedSink.at("/connector/state").asText()).isEqualTo("FAILED");
      assertThat(failedSink.get("errors").toString()).contains("no_negative_stock");

      pg.execute(targetDb, "ALTER TABLE public.stock DROP CONSTRAINT no_negative_stock");
      JsonNode recovered = api.post("/api/pipelines/stock/recover", null).json();
      assertThat(recovered.path("restored_from").asText()).as(recovered.toString()).isNotBlank();
      assertThat(recovered.at("/runs/0/trigger").asText()).isEqualTo("recover");
      Eventually.equals(
          "STREAMING", () -> api.get("/api/pipelines/stock/status").json().get("state").asText());
      Eventually.satisfies("changes applied meanwhile", load::applied, n -> n > 50);
    }
    RowComparison.assertSameRows(pg, sourceDb, pg, targetDb, "public.stock");

    // a stopped pipeline keeps its slot too, and a connector of it has nothing to restart
    api.post("/api/pipelines/stock/stop", null);
    String slot = api.get("/api/pipelines/stock").json().get("replication_slot").asText();
    assertThat(slotCount(slot)).isEqualTo(1);
    assertThat(
            api.get("/api/monitoring/pipelines/stock/metrics")
                .json()
                .at("/metrics/slot_retained_bytes")
                .isNumber())
        .isTrue();
    assertThat(api.post("/api/connectors/stock-sink/restart", null).status()).isEqualTo(409);
    assertThat(api.get("/api/connectors").json().get(0).get("state").asText()).isEqualTo("STOPPED");
  }

  private static int slotCount(String slot) {
    return Integer.parseInt(
        pg.queryString(
            "postgres",
            "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'"));
  }
}
