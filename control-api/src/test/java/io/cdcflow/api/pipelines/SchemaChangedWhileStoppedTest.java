package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.Eventually;
import io.cdcflow.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Columns renamed, widened, dropped and added at the source while the pipeline is stopped are
 * followed when it resumes, under the default schema_changes (evolve): the renamed target column
 * keeps its values, none is added twice, and source and target end equal.
 */
class SchemaChangedWhileStoppedTest {

  private static final TestPostgres PG = TestPostgres.shared();
  private static final String ROWS =
      "SELECT md5(string_agg(concat_ws(':', id, qty, code, remark, extra), ',' ORDER BY id))"
          + " FROM items";
  private static ApiTestServer api;
  private static String sourceDb;
  private static String targetDb;

  @BeforeAll
  static void start() {
    sourceDb = PG.createDatabase("stopped_ddl_src");
    targetDb = PG.createDatabase("stopped_ddl_dst");
    PG.execute(
        sourceDb,
        "CREATE TABLE public.items (id int PRIMARY KEY, qty int, code varchar(10), note text,"
            + " old text)",
        "INSERT INTO public.items SELECT g, g, 'c' || g, 'note ' || g, 'x'"
            + " FROM generate_series(1, 400) g");
    api = ApiTestServer.start(Map.of());
    api.addConnection("stopped-ddl-src", PG, sourceDb);
    api.addConnection("stopped-ddl-dst", PG, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void changesWhileStoppedAreFollowedOnResume() {
    String pipeline = "/api/pipelines/stopped-ddl";
    var created =
        api.post(
            "/api/pipelines",
            Map.of(
                "name", "stopped-ddl",
                "source", "stopped-ddl-src",
                "target", "stopped-ddl-dst",
                "mode", "FULL_LOAD_AND_CDC",
                "tables", Map.of("include", List.of("public.items")),
                "options", Map.of("parallelism", 1, "checkpoint_interval_seconds", 2)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    try {
      assertThat(api.post(pipeline + "/start", null).status()).isEqualTo(200);
      api.awaitState(pipeline, "STREAMING");
      PG.execute(sourceDb, "UPDATE items SET qty = qty + 1 WHERE id <= 10");
      Eventually.equals(
          "11", () -> PG.queryString(targetDb, "SELECT qty FROM public.items WHERE id = 10"));
      var stopped = api.post(pipeline + "/stop", null);
      assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
      api.awaitState(pipeline, "STOPPED");

      PG.execute(
          sourceDb,
          "UPDATE items SET note = 'before the rename' WHERE id = 1",
          "ALTER TABLE items RENAME COLUMN note TO remark",
          "ALTER TABLE items ALTER COLUMN qty TYPE bigint",
          "ALTER TABLE items ALTER COLUMN code TYPE varchar(100)",
          "ALTER TABLE items DROP COLUMN old",
          "ALTER TABLE items ADD COLUMN extra int DEFAULT 7",
          "INSERT INTO items (id, qty, code, remark) VALUES (401, 5000000000, '"
              + "c".repeat(40)
              + "', 'new')",
          "UPDATE items SET remark = 'after the rename', extra = 8 WHERE id BETWEEN 2 AND 5",
          "DELETE FROM items WHERE id = 6");

      var resumed = api.post(pipeline + "/start", null);
      assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
      assertThat(resumed.json().get("restored_from").asText())
          .isEqualTo(stopped.json().get("savepoint").asText());
      api.awaitState(pipeline, "STREAMING");
      Eventually.equals(
          "code,extra,id,qty,remark",
          () ->
              PG.queryString(
                  targetDb,
                  "SELECT string_agg(column_name, ',' ORDER BY column_name)"
                      + " FROM information_schema.columns WHERE table_name = 'items'"));
      String source = PG.queryString(sourceDb, ROWS);
      Eventually.equals(source, () -> PG.queryString(targetDb, ROWS));
      assertThat(
              PG.queryString(
                  targetDb,
                  "SELECT data_type FROM information_schema.columns"
                      + " WHERE table_name = 'items' AND column_name = 'qty'"))
          .isEqualTo("bigint");
      assertThat(api.get(pipeline + "/status").json().get("state").asText()).isEqualTo("STREAMING");

      // once more: the next resume is given the same columns of the first run, and neither puts
      // the old names back nor renames twice
      assertThat(api.post(pipeline + "/stop", null).status()).isEqualTo(200);
      api.awaitState(pipeline, "STOPPED");
      PG.execute(sourceDb, "UPDATE items SET remark = 'second resume' WHERE id = 7");
      assertThat(api.post(pipeline + "/start", null).status()).isEqualTo(200);
      api.awaitState(pipeline, "STREAMING");
      String again = PG.queryString(sourceDb, ROWS);
      Eventually.equals(again, () -> PG.queryString(targetDb, ROWS));
      assertThat(
              PG.queryString(
                  targetDb,
                  "SELECT string_agg(column_name, ',' ORDER BY column_name)"
                      + " FROM information_schema.columns WHERE table_name = 'items'"))
          .isEqualTo("code,extra,id,qty,remark");
    } finally {
      api.post(pipeline + "/stop", null);
      api.delete(pipeline);
    }
  }
}
