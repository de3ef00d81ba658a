package io.cdcflow.api.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.Eventually;
import io.cdcflow.api.cli.CliCommands;
import io.cdcflow.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The continuous verifier of a streaming pipeline, with a writer running at the source: rounds over
 * the table find nothing while changes are in flight; target rows changed, deleted and added behind
 * the pipeline's back become a finding naming their keys, ROW_MISMATCH fires, health fails and
 * rows_mismatched (and the status) count them; {@code cdcflow repair} copies each finding's key
 * range again while the table streams, the finding resolves and the target equals the source row
 * for row.
 */
class ContinuousVerificationTest {

  private static final TestPostgres PG = TestPostgres.shared();
  private static final int ROWS = 20_000;
  private static ApiTestServer api;
  private static String sourceDb;
  private static String targetDb;

  @BeforeAll
  static void start() {
    sourceDb = PG.createDatabase("verify_src");
    targetDb = PG.createDatabase("verify_dst");
    PG.execute(
        sourceDb,
        "CREATE TABLE public.items (id int PRIMARY KEY, name text NOT NULL, qty int)",
        "INSERT INTO public.items SELECT g, 'item ' || g, g FROM generate_series(1, "
            + ROWS
            + ") g");
    api =
        ApiTestServer.start(
            Map.of(
                "CDCFLOW_METRICS_INTERVAL", "1",
                "CDCFLOW_VERIFY_ROWS_PER_SECOND", "50000",
                "CDCFLOW_VERIFY_RECHECK_SECONDS", "8"));
    api.addConnection("verify-src", PG, sourceDb);
    api.addConnection("verify-dst", PG, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void rowsChangedBehindThePipelinesBackAreFoundAndRepaired() throws Exception {
    String pipeline = "/api/pipelines/verified";
    assertThat(api.post("/api/pipelines", definition()).status()).isEqualTo(201);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger written = new AtomicInteger();
    Thread writer = new Thread(() -> write(writing, written), "source-writer");
    try {
      assertThat(api.post(pipeline + "/start", null).status()).isEqualTo(200);
      api.awaitState(pipeline, "STREAMING");
      var nothing = api.post(pipeline + "/repair", null);
      assertThat(nothing.status()).as(nothing.body()).isEqualTo(409);
      assertThat(nothing.json().get("detail").asText()).contains("nothing to repair");
      writer.start();

      // two whole rounds with changes in flight: nothing found
      String first = awaitRound(pipeline, null);
      awaitRound(pipeline, first);
      JsonNode quiet = api.get(pipeline + "/verification").json();
      assertThat(quiet.get("findings")).as(quiet.toString()).isEmpty();
      assertThat(quiet.get("verifying").asBoolean()).isTrue();
      assertThat(quiet.at("/last_round/rows_compared").asLong()).isGreaterThanOrEqualTo(ROWS);
      assertThat(written.get()).isPositive();

      // behind the pipeline's back: one row changed, one deleted, one added
      PG.execute(
          targetDb,
          "UPDATE public.items SET name = 'tampered' WHERE id = 77",
          "DELETE FROM public.items WHERE id = 5000",
          "INSERT INTO public.items VALUES (999999, 'stray', 0)");
      JsonNode found =
          Eventually.satisfies(
              "the verifier found the three rows",
              () -> api.get(pipeline + "/verification").json(),
              v -> v.get("rows_mismatched").asInt() == 3);
      String keys = found.get("findings").toString();
      assertThat(keys).contains("\"77\"").contains("\"5000\"").contains("\"999999\"");
      assertThat(keys).contains("public.items").contains("name");
      Eventually.satisfies(
          "ROW_MISMATCH fired",
          () -> api.get("/api/monitoring/alerts?pipeline=verified&state=active").json(),
          a -> a.toString().contains("ROW_MISMATCH"));
      JsonNode health =
          Eventually.satisfies(
              "health failing on the finding",
              () -> api.get("/api/monitoring/pipelines/verified/health").json(),
              h -> h.toString().contains("target rows differ from the source"));
      assertThat(health.get("status").asText()).isEqualTo("failing");
      // the metrics round after the finding's (the view reads the catalog at once)
      Eventually.equals(
          3.0,
          () ->
              api.get("/api/monitoring/pipelines/verified/metrics")
                  .json()
                  .at("/metrics/rows_mismatched")
                  .asDouble());

      assertThat(api.get(pipeline + "/status").json().at("/verification/rows_mismatched").asInt())
          .isEqualTo(3);
      ByteArrayOutputStream cliOut = new ByteArrayOutputStream();
      int exit =
          new CliCommands(
                  api.baseUrl(),
                  api.adminToken(),
                  new PrintStream(cliOut, true, StandardCharsets.UTF_8))
              .run(List.of("repair", "verified"));
      assertThat(exit).as(cliOut.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(cliOut.toString(StandardCharsets.UTF_8)).contains("public.items");
      Eventually.satisfies(
          "the finding resolved",
          () -> api.get(pipeline + "/verification").json(),
          v ->
              v.get("rows_mismatched").asInt() == 0
                  && v.get("findings").get(0).hasNonNull("resolved_at"));
      Eventually.satisfies(
          "ROW_MISMATCH resolved",
          () -> api.get("/api/monitoring/alerts?pipeline=verified&state=active").json(),
          a -> !a.toString().contains("ROW_MISMATCH"));
      // each finding's range copied, not the table: the rows copied are a few chunks' worth
      JsonNode copies = api.get(pipeline + "/resnapshots").json();
      assertThat(copies.size()).as(copies.toString()).isGreaterThanOrEqualTo(2);
      assertThat(copies.findValuesAsText("keys_to")).as(copies.toString()).isNotEmpty();
      for (JsonNode copy : copies) {
        assertThat(copy.get("state").asText()).as(copy.toString()).isEqualTo("done");
        assertThat(copy.get("rows_copied").asLong()).as(copy.toString()).isLessThan(ROWS / 2);
      }
      writing.set(false);
      writer.join();
      Eventually.equals(checksum(sourceDb), () -> checksum(targetDb));
    } finally {
      writing.set(false);
      writer.join();
      api.post(pipeline + "/stop", null);
      api.delete(pipeline);
    }
  }

  /** Updates, inserts and deletes, none of the rows the test changes at the target. */
  private static void write(AtomicBoolean writing, AtomicInteger written) {
    int next = 100_000;
    while (writing.get()) {
      int id = 10_001 + ThreadLocalRandom.current().nextInt(ROWS - 10_000);
      PG.execute(
          sourceDb,
          "UPDATE public.items SET qty = qty + 1 WHERE id = " + id,
          "INSERT INTO public.items VALUES (" + next + ", 'new', 1)",
          "DELETE FROM public.items WHERE id = " + (next - 5));
      next++;
      written.incrementAndGet();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The end of a round other than {@code after}. */
  private static String awaitRound(String pipeline, String after) {
    return Eventually.satisfies(
            "a verifier round done",
            () -> api.get(pipeline + "/verification").json(),
            v ->
                v.hasNonNull("last_round")
                    && !v.at("/last_round/ended_at").asText().equals(after == null ? "" : after))
        .at("/last_round/ended_at")
        .asText();
  }

  private static Map<String, Object> definition() {
    return Map.of(
        "name",
        "verified",
        "source",
        "verify-src",
        "target",
        "verify-dst",
        "mode",
        "FULL_LOAD_AND_CDC",
        "tables",
        Map.of("include", List.of("public.items")),
        "options",
        Map.of("parallelism", 1, "checkpoint_interval_seconds", 2));
  }

  private static String checksum(String db) {
    return PG.queryString(
        db,
        "SELECT count(*) || ':' || coalesce(sum(hashtext(id || '|' || name || '|' || qty)), 0)"
            + " FROM public.items");
  }
}
