package io.cdcflow.api.pipelines;

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
 * A job that fails in the sink (a target constraint the source data breaks) ends FAILED with the
 * reason; once the target is fixed, {@code POST /recover} resumes it from its latest retained
 * checkpoint and the target converges, nothing lost or doubled.
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
        "CREATE TABLE public.stock (id int PRIMARY KEY, sku text NOT NULL, quantity int NOT NULL)",
        "INSERT INTO public.stock SELECT g, 'sku-' || g, g FROM generate_series(1, 1000) g");
    // the target refuses negative stock: the source will send some
    pg.execute(
        targetDb,
        "CREATE TABLE public.stock (id int PRIMARY KEY, sku text NOT NULL, quantity int NOT NULL"
            + " CONSTRAINT no_negative_stock CHECK (quantity >= 0))");
    api = ApiTestServer.start();
    api.addConnection("src", pg, sourceDb);
    api.addConnection("dst", pg, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aFailedPipelineIsRecoveredFromItsLastCheckpoint() {
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
            Map.of("parallelism", 1, "checkpoint_interval_seconds", 1, "restart_attempts", 0)));
    api.post("/api/pipelines/stock/start", null);
    Eventually.sameRows(pg, sourceDb, targetDb, "public.stock", "");
    Eventually.equals(
        "STREAMING", () -> api.get("/api/pipelines/stock/status").json().get("state").asText());
    assertThat(api.post("/api/pipelines/stock/recover", null).status())
        .as("only a failed pipeline")
        .isEqualTo(409);
    // let a checkpoint complete after the copy, so recovery starts from there
    Eventually.equals(
        true,
        () -> !api.get("/api/pipelines/stock/status").json().path("last_checkpoint").isNull());

    pg.execute(
        sourceDb,
        "UPDATE public.stock SET quantity = -5 WHERE id = 7",
        "INSERT INTO public.stock VALUES (1001, 'new', 3)");
    Eventually.equals("FAILED", () -> api.get("/api/pipelines/stock").json().get("state").asText());
    JsonNode failed = api.get("/api/pipelines/stock/status").json();
    assertThat(failed.get("state_reason").asText()).contains("no_negative_stock");

    pg.execute(targetDb, "ALTER TABLE public.stock DROP CONSTRAINT no_negative_stock");
    JsonNode recovered = api.post("/api/pipelines/stock/recover", null).json();
    assertThat(recovered.path("restored_from").asText()).as(recovered.toString()).isNotBlank();
    assertThat(recovered.at("/runs/0/trigger").asText()).isEqualTo("recover");
    pg.execute(sourceDb, "INSERT INTO public.stock VALUES (1002, 'after recovery', 1)");
    Eventually.sameRows(pg, sourceDb, targetDb, "public.stock", "");
    Eventually.equals(
        "STREAMING", () -> api.get("/api/pipelines/stock/status").json().get("state").asText());
  }
}
