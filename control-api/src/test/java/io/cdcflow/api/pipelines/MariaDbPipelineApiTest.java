package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.Eventually;
import io.cdcflow.catalog.dialect.mysql.MySqlBinlog;
import io.cdcflow.testing.TestMariaDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lifecycle through the API with a MariaDB source: binlog streaming, stop, resume. */
class MariaDbPipelineApiTest {

  static ApiTestServer api;
  static TestMariaDb maria;
  static String sourceDb;
  static String targetDb;

  @BeforeAll
  static void start() {
    maria = TestMariaDb.shared();
    sourceDb = maria.createDatabase("mlife_src");
    targetDb = maria.createDatabase("mlife_dst");
    maria.execute(
        sourceDb,
        "CREATE TABLE parts (id int PRIMARY KEY, name varchar(80) NOT NULL, price decimal(10,2), qty int unsigned)",
        "INSERT INTO parts SELECT seq, concat('part ', seq), seq / 4, seq % 50 FROM seq_1_to_3000");
    api = ApiTestServer.start();
    api.addConnection("msrc", maria, sourceDb);
    api.addConnection("mdst", maria, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Map<String, Object> definition(String... tables) {
    return definition(Map.of(), tables);
  }

  private static Map<String, Object> definition(Map<String, Object> options, String... tables) {
    Map<String, Object> all =
        new java.util.HashMap<>(
            Map.of("parallelism", 2, "chunk_size", 500, "checkpoint_interval_seconds", 2));
    all.putAll(options);
    return Map.of(
        "name",
        "parts",
        "source",
        "msrc",
        "target",
        "mdst",
        "mode",
        "FULL_LOAD_AND_CDC",
        "tables",
        Map.of("include", List.of(tables)),
        "options",
        all);
  }

  @Test
  void snapshotStreamStopAndResume() throws Exception {
    JsonNode created = api.post("/api/pipelines", definition(sourceDb + ".parts")).json();
    assertThat(created.get("server_id_start").asInt()).as(created.toString()).isPositive();
    assertThat(created.get("replication_slot").isNull()).as("no slot for a MySQL source").isTrue();
    JsonNode started = api.post("/api/pipelines/parts/start", null).json();
    assertThat(started.get("flink_job_id").asText()).as(started.toString()).hasSize(32);
    awaitSameRows();
    // nothing has changed at the source yet: the pipeline streams once its snapshot is done, not
    // once a change of the binlog arrives
    Eventually.equals(
        "STREAMING", () -> api.get("/api/pipelines/parts/status").json().get("state").asText());
    // the copy's figures per table stay in the status once it streams
    JsonNode snapshot = api.get("/api/pipelines/parts/status").json().get("snapshot");
    JsonNode parts = snapshot.path("tables").path(sourceDb + ".parts");
    assertThat(parts.path("rows_copied").asLong()).as(snapshot.toString()).isEqualTo(3000);
    assertThat(parts.path("rows_estimated").asLong()).as(snapshot.toString()).isPositive();
    assertThat(parts.path("splits_remaining").asLong()).as(snapshot.toString()).isZero();
    assertThat(parts.path("splits_processed").asLong()).as(snapshot.toString()).isGreaterThan(1);
    assertThat(parts.path("eta_seconds").asLong()).as(snapshot.toString()).isZero();
    assertThat(snapshot.path("rows_copied").asLong()).as(snapshot.toString()).isEqualTo(3000);
    assertThat(snapshot.path("eta_seconds").asLong()).as(snapshot.toString()).isZero();
    maria.execute(
        sourceDb,
        "UPDATE parts SET qty = qty + 1 WHERE id <= 100",
        "DELETE FROM parts WHERE id > 2950",
        "UPDATE parts SET price = price + 1 WHERE id = 1");
    awaitSameRows();
    // binlog distance from the newest applied change to the server's end: the rest of that
    // transaction, not the whole binlog
    JsonNode metrics =
        Eventually.satisfies(
            "the binlog distance measured",
            () -> api.get("/api/monitoring/pipelines/parts/metrics").json(),
            m -> m.at("/metrics/source_behind_bytes").isNumber());
    assertThat(metrics.at("/metrics/source_behind_bytes").asDouble())
        .as(metrics.toString())
        .isBetween(0.0, 20_000.0);
    try (java.sql.Connection c = maria.connect(sourceDb)) {
      long whole =
          new MySqlBinlog(c).files().stream().mapToLong(MySqlBinlog.BinlogFile::size).sum();
      assertThat(whole).as("the binlog holds the seeded rows too").isGreaterThan(50_000);
    }
    assertThat(metrics.at("/metrics/rows_written_total").asDouble()).isPositive();

    JsonNode stopped = api.post("/api/pipelines/parts/stop", null).json();
    assertThat(stopped.get("state").asText()).as(stopped.toString()).isEqualTo("STOPPED");
    maria.execute(
        sourceDb,
        "INSERT INTO parts VALUES (9001, 'while stopped', 1.50, 7)",
        "UPDATE parts SET name = 'renamed' WHERE id = 5");
    maria.execute(
        sourceDb,
        "CREATE TABLE bins (id int PRIMARY KEY, label varchar(20))",
        "INSERT INTO bins SELECT seq, concat('bin ', seq) FROM seq_1_to_300");
    // another reader is refused: Flink CDC's snapshot would start from its own, later position
    assertThat(
            api.put(
                    "/api/pipelines/parts",
                    definition(Map.of("copy_snapshot", false), sourceDb + ".parts"))
                .status())
        .isEqualTo(200);
    var refused = api.post("/api/pipelines/parts/start", null);
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().get("title").asText()).isEqualTo("Source state would be lost");
    assertThat(refused.json().get("detail").asText()).contains("Put the earlier definition back");
    assertThat(api.get("/api/pipelines/parts/status").json().get("state").asText())
        .isEqualTo("STOPPED");
    // a table added while stopped: the binlog goes on from the savepoint, the table is copied
    assertThat(
            api.put("/api/pipelines/parts", definition(sourceDb + ".parts", sourceDb + ".bins"))
                .status())
        .isEqualTo(200);
    JsonNode resumed = api.post("/api/pipelines/parts/start", null).json();
    assertThat(resumed.path("restored_from").asText())
        .as(resumed.toString())
        .isEqualTo(stopped.get("savepoint").asText());
    awaitSameRows();
    String bins = "SELECT concat(count(*), ':', sum(crc32(concat_ws('|', id, label)))) FROM bins";
    Eventually.equals(maria.queryString(sourceDb, bins), () -> maria.queryString(targetDb, bins));
    assertThat(api.post("/api/pipelines/parts/stop", null).status()).isEqualTo(200);
    assertThat(api.delete("/api/pipelines/parts").status()).isEqualTo(204);
  }

  /** Every column of every row, as an md5 of the rows as text (well under group_concat's 1 MB). */
  private static void awaitSameRows() {
    String sql =
        "SELECT coalesce(md5(group_concat(concat_ws('|', id, name, price, qty) ORDER BY id SEPARATOR ';')), '')"
            + " FROM parts";
    Eventually.equals(maria.queryString(sourceDb, sql), () -> maria.queryString(targetDb, sql));
  }
}
