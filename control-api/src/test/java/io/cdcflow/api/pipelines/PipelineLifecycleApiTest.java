package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import io.cdcflow.api.Eventually;
import io.cdcflow.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole lifecycle over HTTP on the embedded Flink cluster: create, validate, start (snapshot,
 * then streaming), stop with a savepoint, change the source while stopped, start again (no row lost
 * or doubled, no new snapshot), delete (slot and publication gone).
 */
class PipelineLifecycleApiTest {

  static ApiTestServer api;
  static TestPostgres pg;
  static String sourceDb;
  static String targetDb;

  @BeforeAll
  static void start() {
    pg = TestPostgres.shared();
    sourceDb = pg.createDatabase("life_src");
    targetDb = pg.createDatabase("life_dst");
    pg.execute(
        sourceDb,
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.customers (id bigint PRIMARY KEY, name text NOT NULL, tier text)",
        "CREATE TABLE shop.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric(12,2),"
            + " placed_at timestamptz NOT NULL DEFAULT now(), note text)",
        "INSERT INTO shop.customers SELECT g, 'customer ' || g, CASE WHEN g % 3 = 0 THEN 'gold' END FROM generate_series(1, 500) g",
        "INSERT INTO shop.orders SELECT g, 1 + g % 500, g * 1.25, now() - g * interval '1 minute', NULL FROM generate_series(1, 4000) g");
    api = ApiTestServer.start();
    api.addConnection("src", pg, sourceDb);
    api.addConnection("dst", pg, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void snapshotStreamStopResumeAndDelete() {
    Response created =
        api.post(
            "/api/pipelines",
            Map.of(
                "name",
                "shop-sync",
                "source",
                "src",
                "target",
                "dst",
                "mode",
                "FULL_LOAD_AND_CDC",
                "tables",
                Map.of("include", List.of("shop.*")),
                "options",
                Map.of(
                    "parallelism",
                    2,
                    "chunk_size",
                    500,
                    "checkpoint_interval_seconds",
                    2,
                    "flush_interval_millis",
                    200)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String slot = created.json().get("replication_slot").asText();
    assertThat(api.post("/api/pipelines/shop-sync/validate", null).json().get("valid").asBoolean())
        .isTrue();

    Response started = api.post("/api/pipelines/shop-sync/start", null);
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    assertThat(started.json().get("flink_job_id").asText()).hasSize(32);
    assertThat(api.post("/api/pipelines/shop-sync/start", null).status())
        .as("already running")
        .isEqualTo(409);

    // changes while the snapshot runs
    pg.execute(
        sourceDb,
        "INSERT INTO shop.orders SELECT g, 1 + g % 500, g, now(), 'during' FROM generate_series(4001, 4200) g",
        "UPDATE shop.orders SET note = 'updated', total = total + 1 WHERE id % 97 = 0",
        "DELETE FROM shop.orders WHERE id % 101 = 0",
        "UPDATE shop.customers SET tier = 'silver' WHERE id % 7 = 0");
    awaitEqual("shop.orders", "");
    awaitEqual("shop.customers", "");
    Eventually.equals(
        "STREAMING", () -> api.get("/api/pipelines/shop-sync/status").json().get("state").asText());

    JsonNode stopped = api.post("/api/pipelines/shop-sync/stop", null).json();
    assertThat(stopped.get("state").asText()).isEqualTo("STOPPED");
    assertThat(stopped.get("savepoint").asText()).isNotBlank();
    assertThat(api.post("/api/pipelines/shop-sync/stop", null).status())
        .as("not running")
        .isEqualTo(409);

    // while stopped: the source changes, and one untouched row is removed from the target only
    pg.execute(
        sourceDb,
        "INSERT INTO shop.orders SELECT g, 1, 9.99, now(), 'while stopped' FROM generate_series(5001, 5100) g",
        "UPDATE shop.orders SET note = 'stopped-update' WHERE id BETWEEN 10 AND 60",
        "DELETE FROM shop.orders WHERE id BETWEEN 61 AND 80",
        "INSERT INTO shop.customers VALUES (501, 'new while stopped', 'gold')");
    pg.execute(targetDb, "DELETE FROM shop.orders WHERE id = 3000");
    // a table created while stopped matches shop.* and is snapshotted when the pipeline resumes
    pg.execute(
        sourceDb,
        "CREATE TABLE shop.returns (id int PRIMARY KEY, order_id bigint NOT NULL, reason text)",
        "INSERT INTO shop.returns SELECT g, g * 3, 'damaged' FROM generate_series(1, 300) g");

    JsonNode resumed = api.post("/api/pipelines/shop-sync/start", null).json();
    assertThat(resumed.get("restored_from").asText()).isEqualTo(stopped.get("savepoint").asText());
    // the new table is copied first (only it), then the log is read
    assertThat(resumed.get("state").asText()).isIn("SNAPSHOTTING", "STREAMING");
    Eventually.equals(
        "STREAMING", () -> api.get("/api/pipelines/shop-sync/status").json().get("state").asText());
    awaitEqual("shop.orders", " WHERE id <> 3000");
    awaitEqual("shop.customers", "");
    awaitEqual("shop.returns", "");
    pg.execute(sourceDb, "UPDATE shop.returns SET reason = 'late' WHERE id = 1");
    awaitEqual("shop.returns", "");
    assertThat(count(targetDb, "SELECT count(*) FROM shop.orders WHERE id = 3000"))
        .as("a new snapshot would have copied row 3000 back")
        .isZero();
    assertThat(count(targetDb, "SELECT count(*) FROM shop.orders WHERE note = 'while stopped'"))
        .isEqualTo(100);

    JsonNode status = api.get("/api/pipelines/shop-sync/status").json();
    assertThat(status.get("runs").size()).isEqualTo(2);
    assertThat(status.at("/runs/0/trigger").asText()).isEqualTo("resume");

    assertThat(
            count(
                sourceDb,
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE '" + slot + "%'"))
        .isPositive();
    assertThat(api.delete("/api/pipelines/shop-sync").status()).isEqualTo(204);
    assertThat(
            count(
                sourceDb,
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE '" + slot + "%'"))
        .isZero();
    assertThat(
            count(sourceDb, "SELECT count(*) FROM pg_publication WHERE pubname = '" + slot + "'"))
        .isZero();
    assertThat(count(targetDb, "SELECT count(*) FROM shop.orders"))
        .as("target data kept")
        .isPositive();
  }

  @Test
  void aFullLoadCompletesByItselfAndCanBeRunAgain() {
    api.post(
        "/api/pipelines",
        Map.of(
            "name",
            "customers-copy",
            "source",
            "src",
            "target",
            "dst",
            "mode",
            "FULL_LOAD_ONLY",
            "tables",
            Map.of("include", List.of("shop.customers")),
            "mapping",
            Map.of("target_schema", "copy"),
            "options",
            Map.of("parallelism", 1, "checkpoint_interval_seconds", 2)));
    assertThat(api.post("/api/pipelines/customers-copy/start", null).json().get("state").asText())
        .isEqualTo("SNAPSHOTTING");
    Eventually.equals(
        "COMPLETED", () -> api.get("/api/pipelines/customers-copy").json().get("state").asText());
    String slot = api.get("/api/pipelines/customers-copy").json().get("replication_slot").asText();
    assertThat(
            count(
                sourceDb,
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE '" + slot + "%'"))
        .as("a finished full load holds no slot")
        .isZero();
    String sql = "SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM %s.customers t";
    assertThat(text(targetDb, sql.formatted("copy")))
        .isEqualTo(text(sourceDb, sql.formatted("shop")));
    assertThat(api.post("/api/pipelines/customers-copy/stop", null).status())
        .as("nothing runs")
        .isEqualTo(409);

    // a completed full load runs again from scratch, not from a savepoint
    pg.execute(targetDb, "DELETE FROM copy.customers WHERE id <= 10");
    JsonNode again = api.post("/api/pipelines/customers-copy/start", null).json();
    assertThat(again.path("restored_from").isNull() || again.path("restored_from").isMissingNode())
        .as(again.toString())
        .isTrue();
    Eventually.equals(
        "COMPLETED", () -> api.get("/api/pipelines/customers-copy").json().get("state").asText());
    assertThat(text(targetDb, sql.formatted("copy")))
        .isEqualTo(text(sourceDb, sql.formatted("shop")));
  }

  private static void awaitEqual(String table, String where) {
    Eventually.sameRows(pg, sourceDb, targetDb, table, where);
  }

  private static String text(String db, String sql) {
    return pg.queryString(db, sql);
  }

  private static long count(String db, String sql) {
    return Long.parseLong(text(db, sql));
  }
}
