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
 * A source table dropped while its pipeline streams (PostgreSQL says nothing of it in the log) is
 * reported within a metrics round: the status names it, source_tables_missing counts it, the
 * SOURCE_TABLE_DROPPED alert fires and health is degraded; the target table keeps its rows and the
 * other table streams on.
 */
class SourceTableDroppedTest {

  private static final TestPostgres PG = TestPostgres.shared();
  private static ApiTestServer api;
  private static String sourceDb;
  private static String targetDb;

  @BeforeAll
  static void start() {
    sourceDb = PG.createDatabase("dropped_src");
    targetDb = PG.createDatabase("dropped_dst");
    PG.execute(
        sourceDb,
        "CREATE TABLE public.kept (id int PRIMARY KEY, name text)",
        "CREATE TABLE public.gone (id int PRIMARY KEY, name text)",
        "INSERT INTO public.kept SELECT g, 'k' || g FROM generate_series(1, 500) g",
        "INSERT INTO public.gone SELECT g, 'g' || g FROM generate_series(1, 700) g");
    api = ApiTestServer.start(Map.of("CDCFLOW_METRICS_INTERVAL", "1"));
    api.addConnection("dropped-src", PG, sourceDb);
    api.addConnection("dropped-dst", PG, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aTableDroppedAtTheSourceIsReportedAndItsTargetKept() {
    String pipeline = "/api/pipelines/dropping";
    var created =
        api.post(
            "/api/pipelines",
            Map.of(
                "name", "dropping",
                "source", "dropped-src",
                "target", "dropped-dst",
                "mode", "FULL_LOAD_AND_CDC",
                "tables", Map.of("include", List.of("public.*")),
                "options", Map.of("parallelism", 1, "checkpoint_interval_seconds", 2)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    try {
      assertThat(api.post(pipeline + "/start", null).status()).isEqualTo(200);
      api.awaitState(pipeline, "STREAMING");
      Eventually.equals("700", () -> PG.queryString(targetDb, "SELECT count(*) FROM public.gone"));
      assertThat(api.get(pipeline + "/status").json().get("source_tables_missing")).isEmpty();

      PG.execute(sourceDb, "DROP TABLE public.gone");
      JsonNode status =
          Eventually.satisfies(
              "the status names the dropped table",
              () -> api.get(pipeline + "/status").json(),
              s -> s.get("source_tables_missing").size() == 1);
      assertThat(status.at("/source_tables_missing/0/table").asText()).isEqualTo("public.gone");
      assertThat(status.at("/source_tables_missing/0/since").isTextual()).isTrue();
      assertThat(status.get("state").asText()).isEqualTo("STREAMING");
      Eventually.satisfies(
          "SOURCE_TABLE_DROPPED fired",
          () -> api.get("/api/monitoring/alerts?pipeline=dropping&state=active").json(),
          a -> a.toString().contains("SOURCE_TABLE_DROPPED"));
      JsonNode health = api.get("/api/monitoring/pipelines/dropping/health").json();
      assertThat(health.get("status").asText()).as(health.toString()).isEqualTo("degraded");
      assertThat(health.toString()).contains("no longer exist at the source");
      assertThat(
              api.get("/api/monitoring/pipelines/dropping/metrics")
                  .json()
                  .at("/metrics/source_tables_missing")
                  .asDouble())
          .isEqualTo(1.0);

      // the other table streams on; the dropped one's target keeps its rows
      PG.execute(sourceDb, "INSERT INTO public.kept VALUES (501, 'after the drop')");
      Eventually.equals("501", () -> PG.queryString(targetDb, "SELECT count(*) FROM public.kept"));
      assertThat(PG.queryString(targetDb, "SELECT count(*) FROM public.gone")).isEqualTo("700");
    } finally {
      api.post(pipeline + "/stop", null);
      api.delete(pipeline);
    }
  }
}
