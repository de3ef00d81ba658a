package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.Eventually;
import io.cdcflow.testing.TestMariaDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A MariaDB pipeline whose binlog position was purged from the source while it was stopped does not
 * restart in vain, nor stream on as if nothing were missing: its resumed job fails on the purge,
 * the pipeline is FAILED with a change-log-gap reason naming the server's binlog retention and the
 * way out, start and recover are refused, LOG_GAP fires, and a resnapshot converges row for row. A
 * private server, since the purge would pull the binlog from under other tests.
 */
class BinlogGapTest {

  private static TestMariaDb maria;
  private static ApiTestServer api;
  private static String sourceDb;
  private static String targetDb;

  @BeforeAll
  static void start() {
    maria = TestMariaDb.startRestartable();
    sourceDb = maria.createDatabase("purge_src");
    targetDb = maria.createDatabase("purge_dst");
    maria.execute(
        sourceDb,
        "CREATE TABLE accounts (id int PRIMARY KEY, name varchar(40) NOT NULL, qty int)",
        "INSERT INTO accounts SELECT seq, concat('row ', seq), seq FROM seq_1_to_3000");
    api = ApiTestServer.start(Map.of("CDCFLOW_METRICS_INTERVAL", "1"));
    api.addConnection("purge-src", maria, sourceDb);
    api.addConnection("purge-dst", maria, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
    maria.close();
  }

  @Test
  void aPurgedBinlogFailsThePipelineUntilItIsCopiedAgain() {
    String pipeline = "/api/pipelines/purged";
    assertThat(api.post("/api/pipelines", definition()).status()).isEqualTo(201);
    try {
      assertThat(api.post(pipeline + "/start", null).status()).isEqualTo(200);
      api.awaitState(pipeline, "STREAMING");
      Eventually.equals(checksum(sourceDb), () -> checksum(targetDb));
      assertThat(api.post(pipeline + "/stop", null).status()).isEqualTo(200);

      // changes the pipeline has not read, then a purge of every binlog file but a new one
      maria.execute(
          sourceDb,
          "INSERT INTO accounts SELECT seq, 'new', 0 FROM seq_5001_to_5050",
          "UPDATE accounts SET qty = -qty WHERE id <= 50",
          "DELETE FROM accounts WHERE id BETWEEN 2001 AND 2050",
          "FLUSH BINARY LOGS");
      String current = maria.queryString(sourceDb, "SHOW MASTER STATUS");
      // the stopped job's dump thread may hold the old file a moment: the purge spares it then
      Eventually.satisfies(
          "only " + current + " left",
          () -> {
            maria.execute(sourceDb, "PURGE BINARY LOGS TO '" + current + "'");
            return maria.queryString(sourceDb, "SHOW BINARY LOGS");
          },
          current::equals);

      assertThat(api.post(pipeline + "/start", null).status()).isEqualTo(200);
      JsonNode failed = api.awaitState(pipeline, "FAILED");
      assertThat(failed.get("state_reason").asText())
          .startsWith("change log gap: the binlog position the pipeline resumes from is no longer")
          .contains("binlog")
          .contains("/api/pipelines/purged/resnapshot");
      for (String action : List.of("/start", "/recover")) {
        var refused = api.post(pipeline + action, null);
        assertThat(refused.status()).as(action + " " + refused.body()).isEqualTo(409);
      }
      Eventually.satisfies(
          "the alert fired",
          () -> api.get("/api/monitoring/alerts?pipeline=purged&state=active").json(),
          a -> a.toString().contains("LOG_GAP"));
      assertThat(
              api.get("/api/monitoring/pipelines/purged/metrics")
                  .json()
                  .at("/metrics/log_gap")
                  .asText())
          .isEqualTo("1.0");

      var fresh = api.post(pipeline + "/resnapshot", null);
      assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
      api.awaitState(pipeline, "STREAMING");
      Eventually.equals(checksum(sourceDb), () -> checksum(targetDb));
      maria.execute(sourceDb, "DELETE FROM accounts WHERE id BETWEEN 100 AND 120");
      Eventually.equals(checksum(sourceDb), () -> checksum(targetDb));
    } finally {
      api.post(pipeline + "/stop", null);
      api.delete(pipeline);
    }
  }

  private static Map<String, Object> definition() {
    return Map.of(
        "name",
        "purged",
        "source",
        "purge-src",
        "target",
        "purge-dst",
        "mode",
        "FULL_LOAD_AND_CDC",
        "tables",
        Map.of("include", List.of(sourceDb + ".accounts")),
        "options",
        Map.of("parallelism", 1, "chunk_size", 500, "checkpoint_interval_seconds", 2));
  }

  private static String checksum(String db) {
    return maria.queryString(
        db,
        "SELECT concat(count(*), ':', coalesce(sum(crc32(concat_ws('|', id, name, qty))), 0))"
            + " FROM accounts");
  }
}
