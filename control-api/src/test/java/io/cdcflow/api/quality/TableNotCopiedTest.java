package io.cdcflow.api.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.Eventually;
import io.cdcflow.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A table whose rows never reach the target, while the others do, is a failing pipeline with a
 * critical alert, not a healthy one: how a partitioned table's loss went unseen. Here a trigger on
 * the target discards what is written into one table.
 */
class TableNotCopiedTest {

  static ApiTestServer api;
  static TestPostgres pg;
  static String sourceDb;
  static String targetDb;

  @BeforeAll
  static void start() {
    pg = TestPostgres.shared();
    sourceDb = pg.createDatabase("lost_src");
    targetDb = pg.createDatabase("lost_dst");
    String ledger = "CREATE TABLE public.ledger (id int PRIMARY KEY, amount numeric(10,2))";
    String notes = "CREATE TABLE public.notes (id int PRIMARY KEY, body text)";
    pg.execute(
        sourceDb,
        ledger,
        notes,
        "INSERT INTO public.ledger SELECT g, g FROM generate_series(1, 500) g",
        "INSERT INTO public.notes SELECT g, 'note ' || g FROM generate_series(1, 50) g");
    pg.execute(
        targetDb,
        ledger,
        notes,
        "CREATE FUNCTION public.discard() RETURNS trigger LANGUAGE plpgsql"
            + " AS $$ BEGIN RETURN NULL; END $$",
        "CREATE TRIGGER discard BEFORE INSERT ON public.ledger"
            + " FOR EACH ROW EXECUTE FUNCTION public.discard()");
    api = ApiTestServer.start(Map.of("CDCFLOW_METRICS_INTERVAL", "1"));
    api.addConnection("lost-src", pg, sourceDb);
    api.addConnection("lost-dst", pg, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void anEmptyTargetBesideASourceWithRowsFailsHealthAndFiresTheAlert() {
    Map<String, Object> definition =
        Map.of(
            "name",
            "lost",
            "source",
            "lost-src",
            "target",
            "lost-dst",
            "mode",
            "FULL_LOAD_AND_CDC",
            "tables",
            Map.of("include", List.of("public.*")),
            "options",
            Map.of("parallelism", 1, "checkpoint_interval_seconds", 2));
    assertThat(api.post("/api/pipelines", definition).status()).isEqualTo(201);
    assertThat(api.post("/api/pipelines/lost/start", null).status()).isEqualTo(200);
    Eventually.equals(
        "STREAMING", () -> api.get("/api/pipelines/lost/status").json().get("state").asText());
    Eventually.equals("50", () -> pg.queryString(targetDb, "SELECT count(*) FROM public.notes"));

    JsonNode health =
        Eventually.satisfies(
            "health failing on the empty table",
            () -> api.get("/api/monitoring/pipelines/lost/health").json(),
            h -> h.get("status").asText().equals("failing"));
    assertThat(health.toString())
        .contains("target_rows")
        .contains("1 tables are empty at the target while their source has rows");
    JsonNode alerts =
        Eventually.satisfies(
            "the alert fired",
            () -> api.get("/api/monitoring/alerts?pipeline=lost&state=active").json(),
            a -> a.toString().contains("TABLE_NOT_COPIED"));
    assertThat(alerts.toString()).contains("critical").contains("resnapshot");
    assertThat(api.get("/metrics").body()).contains("cdcflow_pipeline_empty_target_tables");
    assertThat(api.post("/api/pipelines/lost/stop", null).status()).isEqualTo(200);
  }
}
