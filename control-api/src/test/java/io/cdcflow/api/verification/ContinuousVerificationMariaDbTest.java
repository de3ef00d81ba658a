package io.cdcflow.api.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.Eventually;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The continuous verifier from a MariaDB source into a PostgreSQL target, with a composite key:
 * target rows changed, deleted and added behind the pipeline's back become one finding naming their
 * keys, and a repair through the API copies the table again until source and target match.
 */
class ContinuousVerificationMariaDbTest {

  private static final TestMariaDb MARIA = TestMariaDb.shared();
  private static final TestPostgres PG = TestPostgres.shared();
  private static final String FIGURES =
      "SELECT concat(count(*), ':', sum(qty), ':', sum(order_id * 7 + line), ':',"
          + " sum(length(note))) FROM order_lines";
  private static ApiTestServer api;
  private static String sourceDb;
  private static String targetDb;

  @BeforeAll
  static void start() {
    sourceDb = MARIA.createDatabase("verify_my_src");
    targetDb = PG.createDatabase("verify_my_dst");
    MARIA.execute(
        sourceDb,
        "CREATE TABLE order_lines (order_id int, line int, qty int NOT NULL, note varchar(40),"
            + " PRIMARY KEY (order_id, line))",
        "INSERT INTO order_lines SELECT 1 + seq DIV 10, seq % 10, seq, concat('line ', seq)"
            + " FROM seq_0_to_4999");
    api =
        ApiTestServer.start(
            Map.of(
                "CDCFLOW_METRICS_INTERVAL", "1",
                "CDCFLOW_VERIFY_ROWS_PER_SECOND", "50000",
                "CDCFLOW_VERIFY_RECHECK_SECONDS", "5"));
    api.addConnection("verify-my-src", MARIA, sourceDb);
    api.addConnection("verify-my-dst", PG, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void rowsChangedBehindThePipelinesBackAreFoundAndRepaired() {
    String pipeline = "/api/pipelines/verified-my";
    var created =
        api.post(
            "/api/pipelines",
            Map.of(
                "name", "verified-my",
                "source", "verify-my-src",
                "target", "verify-my-dst",
                "mode", "FULL_LOAD_AND_CDC",
                "tables", Map.of("include", List.of(sourceDb + ".order_lines")),
                "mapping", Map.of("target_schema", "public"),
                "options", Map.of("parallelism", 1, "checkpoint_interval_seconds", 2)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    try {
      assertThat(api.post(pipeline + "/start", null).status()).isEqualTo(200);
      api.awaitState(pipeline, "STREAMING");
      MARIA.execute(sourceDb, "UPDATE order_lines SET qty = qty + 1 WHERE order_id <= 3");
      Eventually.equals(
          MARIA.queryString(sourceDb, FIGURES),
          () -> PG.queryString(targetDb, FIGURES.replace("order_lines", "public.order_lines")));
      Eventually.satisfies(
          "a verifier round done without findings",
          () -> api.get(pipeline + "/verification").json(),
          v -> v.hasNonNull("last_round") && v.get("findings").isEmpty());

      PG.execute(
          targetDb,
          "UPDATE public.order_lines SET note = 'tampered' WHERE order_id = 11 AND line = 4",
          "DELETE FROM public.order_lines WHERE order_id = 300 AND line = 0",
          "INSERT INTO public.order_lines VALUES (9999, 1, 0, 'stray')");
      JsonNode found =
          Eventually.satisfies(
              "the verifier found the three rows",
              () -> api.get(pipeline + "/verification").json(),
              v -> v.get("rows_mismatched").asInt() == 3);
      String keys = found.get("findings").toString();
      assertThat(keys).contains("order_lines").contains("note").contains("9999").contains("300");

      var repair = api.post(pipeline + "/repair", null);
      assertThat(repair.status()).as(repair.body()).isEqualTo(202);
      // each copy is bounded by the findings' order_id, the key's first column (the catalog
      // keeps the bounds as jsonb, which puts "line" first)
      List<String> froms = new ArrayList<>();
      for (JsonNode finding : found.get("findings")) {
        if (finding.get("from").isObject()) {
          froms.add(finding.get("from").get("order_id").asText());
        }
      }
      List<String> copied =
          repair.json().findValues("keys_from").stream()
              .filter(n -> !n.isNull())
              .map(JsonNode::asText)
              .toList();
      assertThat(froms).containsAll(copied);
      Eventually.satisfies(
          "the finding resolved",
          () -> api.get(pipeline + "/verification").json(),
          v -> v.get("rows_mismatched").asInt() == 0);
      assertThat(PG.queryString(targetDb, FIGURES.replace("order_lines", "public.order_lines")))
          .isEqualTo(MARIA.queryString(sourceDb, FIGURES));
    } finally {
      api.post(pipeline + "/stop", null);
      api.delete(pipeline);
    }
  }
}
