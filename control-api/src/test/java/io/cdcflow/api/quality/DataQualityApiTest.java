package io.cdcflow.api.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import io.cdcflow.api.Eventually;
import io.cdcflow.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Data quality of a PostgreSQL → PostgreSQL full load over HTTP: counts and checksums match after
 * the load; rows deleted or changed and columns added or dropped directly in the target show up.
 */
class DataQualityApiTest {

  static ApiTestServer api;
  static TestPostgres pg;
  static String sourceDb;
  static String targetDb;
  static String pipelineId;

  @BeforeAll
  static void start() {
    pg = TestPostgres.shared();
    sourceDb = pg.createDatabase("dq_src");
    targetDb = pg.createDatabase("dq_dst");
    pg.execute(
        sourceDb,
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2),"
            + " created timestamptz, attrs jsonb, payload bytea, active boolean)",
        "CREATE TABLE shop.notes (id int PRIMARY KEY, body text)",
        "INSERT INTO shop.items SELECT g, 'item ' || g, g * 1.5, timestamptz '2024-01-01 00:00:00+00'"
            + " + g * interval '1 hour', jsonb_build_object('g', g, 'tag', 'x'),"
            + " decode(md5(g::text), 'hex'), g % 2 = 0 FROM generate_series(1, 300) g",
        "INSERT INTO shop.notes SELECT g, CASE WHEN g % 5 = 0 THEN NULL ELSE 'note ' || g END"
            + " FROM generate_series(1, 50) g");
    api = ApiTestServer.start();
    api.addConnection("src", pg, sourceDb);
    api.addConnection("dst", pg, targetDb);
    Response created =
        api.post(
            "/api/pipelines",
            Map.of(
                "name",
                "dq-copy",
                "source",
                "src",
                "target",
                "dst",
                "mode",
                "FULL_LOAD_ONLY",
                "tables",
                Map.of("include", List.of("shop.*")),
                "options",
                Map.of("parallelism", 1, "checkpoint_interval_seconds", 2)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    pipelineId = created.json().get("id").asText();
    Response started = api.post("/api/pipelines/dq-copy/start", null);
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    Eventually.equals(
        "COMPLETED", () -> api.get("/api/pipelines/dq-copy").json().get("state").asText());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void countsChecksumsAndDriftFollowWhatHappensToTheTarget() {
    JsonNode report = quality("");
    assertThat(report.at("/summary/tables").asInt()).as(report.toString()).isEqualTo(2);
    assertThat(report.at("/summary/matching_tables").asInt()).as(report.toString()).isEqualTo(2);
    assertThat(report.at("/summary/mismatched_tables").asInt()).isZero();
    assertThat(report.at("/summary/drifted_columns").asInt()).as(report.toString()).isZero();
    JsonNode items = table(report, "shop.items");
    assertThat(items.at("/rows/source/rows").asLong()).isEqualTo(300);
    assertThat(items.at("/rows/target/rows").asLong()).isEqualTo(300);
    assertThat(items.at("/rows/source/status").asText()).isEqualTo("counted");
    assertThat(items.at("/rows/estimated").asBoolean()).isFalse();
    assertThat(items.at("/rows/match").asBoolean()).isTrue();
    assertThat(items.at("/drift/target_exists").asBoolean()).isTrue();

    JsonNode whole = checksum(Map.of("table", "shop.items"));
    assertThat(whole.get("match").asBoolean()).as(whole.toString()).isTrue();
    assertThat(whole.get("source_rows").asInt()).isEqualTo(300);
    assertThat(whole.get("matching").asInt()).isEqualTo(300);
    assertThat(whole.get("truncated").asBoolean()).isFalse();
    assertThat(whole.get("source_digest").asText())
        .hasSize(64)
        .isEqualTo(whole.get("target_digest").asText());
    JsonNode limited = checksum(Map.of("table", "shop.items", "from", 100, "limit", 20));
    assertThat(limited.get("source_rows").asInt()).as(limited.toString()).isEqualTo(20);
    assertThat(limited.get("truncated").asBoolean()).isTrue();
    assertThat(limited.at("/to/id").asText()).isEqualTo("119");
    assertThat(limited.get("match").asBoolean()).isTrue();

    // the target changes behind the pipeline's back
    pg.execute(
        targetDb,
        "DELETE FROM shop.items WHERE id = 15",
        "UPDATE shop.items SET name = 'changed', attrs = '{\"g\": 17}' WHERE id = 17");
    JsonNode after = quality("");
    assertThat(after.at("/summary/mismatched_tables").asInt()).as(after.toString()).isEqualTo(1);
    JsonNode itemsAfter = table(after, "shop.items");
    assertThat(itemsAfter.at("/rows/match").asBoolean()).isFalse();
    assertThat(itemsAfter.at("/rows/difference").asLong()).isEqualTo(-1);
    assertThat(itemsAfter.get("repair").isNull())
        .as("a full load cannot copy a table again while streaming")
        .isTrue();
    assertThat(table(after, "shop.notes").at("/rows/match").asBoolean()).isTrue();
    DataQualityReport java = api.server().quality().check(UUID.fromString(pipelineId), false);
    assertThat(java.summary().mismatchedTables()).isEqualTo(1);
    assertThat(java.summary().driftedColumns()).isZero();

    JsonNode range =
        checksum(Map.of("table", "shop.items", "from", Map.of("id", 10), "to", Map.of("id", 20)));
    assertThat(range.get("match").asBoolean()).as(range.toString()).isFalse();
    assertThat(range.get("source_rows").asInt()).isEqualTo(11);
    assertThat(range.get("target_rows").asInt()).isEqualTo(10);
    assertThat(range.get("matching").asInt()).isEqualTo(9);
    assertThat(range.get("missing_in_target").asInt()).isEqualTo(1);
    assertThat(range.at("/samples/missing_in_target/0/id").asText()).isEqualTo("15");
    assertThat(range.get("different").asInt()).isEqualTo(1);
    assertThat(range.at("/samples/different/0/key/id").asText()).isEqualTo("17");
    assertThat(texts(range.at("/samples/different/0/columns"))).containsExactly("name", "attrs");
    assertThat(range.get("source_digest").asText())
        .isNotEqualTo(range.get("target_digest").asText());

    pg.execute(targetDb, "INSERT INTO shop.notes VALUES (1000, 'only in the target')");
    JsonNode extra = checksum(Map.of("table", "shop.notes", "from", 40));
    assertThat(extra.get("extra_in_target").asInt()).as(extra.toString()).isEqualTo(1);
    assertThat(extra.at("/samples/extra_in_target/0/id").asText()).isEqualTo("1000");
    pg.execute(targetDb, "DELETE FROM shop.notes WHERE id = 1000");

    // columns added and dropped in the target
    pg.execute(
        targetDb,
        "ALTER TABLE shop.notes ADD COLUMN remark text",
        "ALTER TABLE shop.items DROP COLUMN active");
    JsonNode drifted = quality("");
    assertThat(drifted.at("/summary/drifted_columns").asInt()).as(drifted.toString()).isEqualTo(2);
    assertThat(drifted.at("/summary/drifted_tables").asInt()).isEqualTo(2);
    JsonNode notesDrift = table(drifted, "shop.notes").get("drift");
    assertThat(notesDrift.at("/differences/0/column").asText()).isEqualTo("remark");
    assertThat(notesDrift.at("/differences/0/kind").asText()).isEqualTo("extra");
    JsonNode itemsDrift = table(drifted, "shop.items").get("drift");
    assertThat(itemsDrift.at("/differences/0/column").asText()).isEqualTo("active");
    assertThat(itemsDrift.at("/differences/0/kind").asText()).isEqualTo("missing");
    assertThat(api.server().quality().check(UUID.fromString(pipelineId), true).summary())
        .extracting(DataQualityReport.Summary::driftedColumns)
        .isEqualTo(2);
    JsonNode skipping = checksum(Map.of("table", "shop.items", "to", 5));
    assertThat(texts(skipping.get("skipped_columns"))).containsExactly("active");
    assertThat(skipping.get("match").asBoolean()).as(skipping.toString()).isTrue();

    // a target table dropped entirely: drift of all its columns, no count
    pg.execute(targetDb, "ALTER TABLE shop.notes RENAME TO notes_gone");
    JsonNode gone = quality("?tables=shop.notes");
    assertThat(gone.get("tables").size()).isEqualTo(1);
    JsonNode notesGone = table(gone, "shop.notes");
    assertThat(notesGone.at("/drift/target_exists").asBoolean()).isFalse();
    assertThat(notesGone.at("/drift/drifted_columns").asInt()).isEqualTo(2);
    assertThat(notesGone.at("/rows/target/status").asText()).isEqualTo("no_table");
    assertThat(notesGone.at("/rows/match").isNull()).isTrue();
    assertThat(checksumResponse(Map.of("table", "shop.notes")).status()).isEqualTo(409);
    pg.execute(targetDb, "ALTER TABLE shop.notes_gone RENAME TO notes");
  }

  @Test
  void largeTablesAreReportedFromStatisticsUnlessExactCountsAreAsked() {
    pg.execute(sourceDb, "ANALYZE shop.items", "ANALYZE shop.notes");
    pg.execute(targetDb, "ANALYZE shop.items", "ANALYZE shop.notes");
    JsonNode report = quality("?exact_threshold=100");
    assertThat(report.get("exact_threshold").asLong()).isEqualTo(100);
    JsonNode items = table(report, "shop.items");
    assertThat(items.at("/rows/estimated").asBoolean()).as(items.toString()).isTrue();
    assertThat(items.at("/rows/source/status").asText()).isEqualTo("estimated");
    assertThat(items.at("/rows/source/rows").asLong()).isPositive();
    assertThat(items.at("/rows/match").isNull()).isTrue();
    assertThat(table(report, "shop.notes").at("/rows/estimated").asBoolean()).isFalse();
    assertThat(report.at("/summary/estimated_tables").asInt()).isEqualTo(1);

    JsonNode exact = quality("?exact_threshold=100&exact=true&tables=shop.items");
    assertThat(exact.get("tables").size()).isEqualTo(1);
    assertThat(table(exact, "shop.items").at("/rows/source/status").asText()).isEqualTo("counted");
  }

  @Test
  void badRequestsAreProblems() {
    assertProblem(api.get("/api/monitoring/pipelines/nope/data-quality"), 404, "nope");
    assertProblem(
        api.get("/api/monitoring/pipelines/dq-copy/data-quality?tables=shop.nope"),
        404,
        "shop.nope");
    assertProblem(
        api.get("/api/monitoring/pipelines/dq-copy/data-quality?exact_threshold=-1"),
        400,
        "exact_threshold");
    assertProblem(
        api.get("/api/monitoring/pipelines/dq-copy/data-quality?exact=maybe"), 400, "exact");
    assertProblem(checksumResponse(Map.of("table", "shop.nope")), 404, "shop.nope");
    assertProblem(checksumResponse(Map.of("from", 1)), 400, "table");
    assertProblem(
        checksumResponse(Map.of("table", "shop.items", "from", Map.of("nope", 1))),
        400,
        "from.nope");
    assertProblem(checksumResponse(Map.of("table", "shop.items", "to", "abc")), 400, "to");
    assertProblem(checksumResponse(Map.of("table", "shop.items", "limit", 0)), 400, "limit");
    assertProblem(checksumResponse(Map.of("table", "shop.items", "limit", 100_001)), 400, "limit");
    assertProblem(checksumResponse(Map.of("table", "shop.items", "other", 1)), 400, "other");
    assertProblem(
        api.post("/api/monitoring/pipelines/nope/data-quality/checksum", Map.of("table", "a.b")),
        404,
        "nope");
  }

  @Test
  void anUnreachableTargetIsA422() throws Exception {
    api.addConnection("dst-down", pg, targetDb);
    Response created =
        api.post(
            "/api/pipelines",
            Map.of(
                "name",
                "dq-down",
                "source",
                "src",
                "target",
                "dst-down",
                "mode",
                "FULL_LOAD_ONLY",
                "tables",
                Map.of("include", List.of("shop.notes"))));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Response moved =
        api.put(
            "/api/connections/dst-down",
            Map.of(
                "name", "dst-down",
                "type", pg.type().id(),
                "host", pg.host(),
                "port", closedPort,
                "database", targetDb,
                "username", pg.username(),
                "password", pg.password()));
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    assertProblem(api.get("/api/monitoring/pipelines/dq-down/data-quality"), 422, "target");
    assertProblem(
        api.post(
            "/api/monitoring/pipelines/dq-down/data-quality/checksum",
            Map.of("table", "shop.notes")),
        422,
        "target");
  }

  private static void assertProblem(Response response, int status, String named) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.body()).contains(named);
  }

  private static JsonNode quality(String query) {
    Response response = api.get("/api/monitoring/pipelines/dq-copy/data-quality" + query);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static Response checksumResponse(Map<String, Object> body) {
    return api.post("/api/monitoring/pipelines/dq-copy/data-quality/checksum", body);
  }

  private static JsonNode checksum(Map<String, Object> body) {
    Response response = checksumResponse(body);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static JsonNode table(JsonNode report, String source) {
    for (JsonNode t : report.get("tables")) {
      if (t.at("/source_table").asText().equals(source)
          || (t.at("/source_table/schema").asText() + "." + t.at("/source_table/name").asText())
              .equals(source)) {
        return t;
      }
    }
    throw new AssertionError(source + " not in " + report);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
