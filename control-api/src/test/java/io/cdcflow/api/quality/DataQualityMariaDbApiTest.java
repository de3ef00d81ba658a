package io.cdcflow.api.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import io.cdcflow.api.Eventually;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MariaDB → PostgreSQL: after a full load the checksums of tables with decimals, doubles,
 * datetimes, timestamps, tinyint(1), text, blobs and JSON match, which only holds when both
 * databases' values are normalised to the same text; composite keys take object bounds.
 */
class DataQualityMariaDbApiTest {

  static ApiTestServer api;
  static TestMariaDb maria;
  static TestPostgres pg;
  static String sourceDb;
  static String targetDb;

  @BeforeAll
  static void start() {
    maria = TestMariaDb.shared();
    pg = TestPostgres.shared();
    sourceDb = maria.createDatabase("mdq_src");
    targetDb = pg.createDatabase("mdq_dst");
    maria.execute(
        sourceDb,
        "CREATE TABLE mixed (id int PRIMARY KEY, amount decimal(12,4), ratio double,"
            + " happened datetime(6), day date, flag tinyint(1), big bigint unsigned, note text,"
            + " data blob, doc json, stamp timestamp(3) NULL DEFAULT NULL)",
        "INSERT INTO mixed SELECT seq, seq / 7, seq / 3, '2024-01-01 00:00:00' + INTERVAL seq *"
            + " 1234567 MICROSECOND, '2024-02-01' + INTERVAL seq DAY, CAST(seq % 3 AS SIGNED) - 1,"
            + " 18446744073709551615 - seq, IF(seq % 4 = 0, NULL, concat('note ', seq)),"
            + " unhex(md5(seq)), json_object('g', seq, 'tag', 'x'),"
            + " '2024-03-01 12:00:00.125' + INTERVAL seq MINUTE FROM seq_1_to_200",
        "UPDATE mixed SET flag = 5, amount = 10, ratio = 0.1 WHERE id = 7",
        "CREATE TABLE order_lines (order_id int, line int, qty int NOT NULL,"
            + " PRIMARY KEY (order_id, line))",
        "INSERT INTO order_lines SELECT 1 + seq DIV 5, seq % 5, seq FROM seq_0_to_49");
    api = ApiTestServer.start();
    api.addConnection("msrc", maria, sourceDb);
    api.addConnection("pdst", pg, targetDb);
    Response created =
        api.post(
            "/api/pipelines",
            Map.of(
                "name",
                "maria-dq",
                "source",
                "msrc",
                "target",
                "pdst",
                "mode",
                "FULL_LOAD_ONLY",
                "tables",
                Map.of("include", List.of(sourceDb + ".*")),
                "options",
                Map.of("parallelism", 1, "checkpoint_interval_seconds", 2)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Response started = api.post("/api/pipelines/maria-dq/start", null);
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    Eventually.equals(
        "COMPLETED", () -> api.get("/api/pipelines/maria-dq").json().get("state").asText());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void normalisedValuesOfBothDatabasesCompareEqual() {
    Response report = api.get("/api/monitoring/pipelines/maria-dq/data-quality?exact=true");
    assertThat(report.status()).as(report.body()).isEqualTo(200);
    assertThat(report.json().at("/summary/matching_tables").asInt()).as(report.body()).isEqualTo(2);
    assertThat(report.json().at("/summary/drifted_columns").asInt()).as(report.body()).isZero();

    JsonNode mixed = checksum(Map.of("table", sourceDb + ".mixed"));
    assertThat(mixed.get("source_rows").asInt()).as(mixed.toString()).isEqualTo(200);
    assertThat(mixed.get("different").asInt()).as(mixed.toString()).isZero();
    assertThat(mixed.get("match").asBoolean()).isTrue();
    assertThat(mixed.get("source_digest").asText()).isEqualTo(mixed.get("target_digest").asText());

    JsonNode lines =
        checksum(
            Map.of(
                "table",
                sourceDb + ".order_lines",
                "from",
                Map.of("order_id", 2, "line", 3),
                "to",
                Map.of("order_id", 4, "line", 1)));
    // (2,3) (2,4) (3,0..4) (4,0) (4,1)
    assertThat(lines.get("source_rows").asInt()).as(lines.toString()).isEqualTo(9);
    assertThat(lines.get("match").asBoolean()).isTrue();

    pg.execute(targetDb, "UPDATE " + sourceDb + ".mixed SET amount = 10.0001 WHERE id = 7");
    JsonNode changed = checksum(Map.of("table", sourceDb + ".mixed", "from", 7, "to", "7"));
    assertThat(changed.get("different").asInt()).as(changed.toString()).isEqualTo(1);
    assertThat(changed.at("/samples/different/0/columns/0").asText()).isEqualTo("amount");
    assertThat(
            api.post(
                    "/api/monitoring/pipelines/maria-dq/data-quality/checksum",
                    Map.of("table", sourceDb + ".order_lines", "from", 2))
                .status())
        .as("a composite key needs an object")
        .isEqualTo(400);
  }

  private static JsonNode checksum(Map<String, Object> body) {
    Response response = api.post("/api/monitoring/pipelines/maria-dq/data-quality/checksum", body);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }
}
