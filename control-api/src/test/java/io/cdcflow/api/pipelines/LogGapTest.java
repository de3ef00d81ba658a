package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.Eventually;
import io.cdcflow.testing.TestPostgres;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pipeline whose replication slot lost changes while it was stopped does not stream on as if
 * nothing were missing. Its slot dropped by hand, then rows inserted, updated and deleted: the
 * start is refused naming the gap and the way out, the pipeline is FAILED saying so, health fails
 * and the critical LOG_GAP alert fires, and automatic recovery leaves it alone. {@code POST
 * .../resnapshot} copies every table again from a new slot into emptied targets, which then equal
 * the source row for row. A slot made again under the same name while the pipeline was stopped
 * stands past where the pipeline stopped, and is refused the same way, as is a slot that lost WAL
 * to {@code max_slot_wal_keep_size}.
 */
class LogGapTest {

  private static final TestPostgres PG = TestPostgres.shared();
  private static ApiTestServer api;
  private static String sourceDb;
  private static String targetDb;

  @BeforeAll
  static void start() {
    sourceDb = PG.createDatabase("gap_src");
    targetDb = PG.createDatabase("gap_dst");
    PG.execute(
        sourceDb,
        "CREATE TABLE public.accounts (id int PRIMARY KEY, name text NOT NULL, qty int)",
        "INSERT INTO public.accounts SELECT g, 'row ' || g, g FROM generate_series(1, 3000) g");
    api = ApiTestServer.start(Map.of("CDCFLOW_METRICS_INTERVAL", "1"));
    api.addConnection("gap-src", PG, sourceDb);
    api.addConnection("gap-dst", PG, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aSlotLostWhileStoppedIsRefusedUntilThePipelineIsCopiedAgain() {
    String pipeline = "/api/pipelines/gap";
    assertThat(api.post("/api/pipelines", definition("gap", "gap-src", "gap-dst")).status())
        .isEqualTo(201);
    try {
      assertThat(api.post(pipeline + "/start", null).status()).isEqualTo(200);
      api.awaitState(pipeline, "STREAMING");
      Eventually.equals(checksum(sourceDb), () -> checksum(targetDb));
      // a streaming pipeline is not started afresh: refused, and its target left as it is
      var running = api.post(pipeline + "/resnapshot", null);
      assertThat(running.status()).as(running.body()).isEqualTo(409);
      assertThat(running.json().get("detail").asText()).contains("stop it first");
      assertThat(checksum(targetDb)).isEqualTo(checksum(sourceDb));
      String slot = slotOf("gap");
      assertThat(api.post(pipeline + "/stop", null).status()).isEqualTo(200);

      // a DBA's cleanup while the pipeline is stopped, then changes the slot would have kept
      dropSlot(slot);
      changeRows(0);
      var refused = api.post(pipeline + "/start", null);
      assertThat(refused.status()).as(refused.body()).isEqualTo(409);
      assertThat(refused.json().get("title").asText()).isEqualTo("Change log has a gap");
      assertThat(refused.json().get("detail").asText())
          .contains("replication slot " + slot + " no longer exists")
          .contains("/api/pipelines/gap/resnapshot");
      JsonNode status = api.get(pipeline + "/status").json();
      assertThat(status.get("state").asText()).isEqualTo("FAILED");
      assertThat(status.get("state_reason").asText()).startsWith("change log gap: ");
      assertThat(api.post(pipeline + "/recover", null).status()).isEqualTo(409);
      JsonNode health =
          Eventually.satisfies(
              "health failing on the gap",
              () -> api.get("/api/monitoring/pipelines/gap/health").json(),
              h -> h.toString().contains("change_log"));
      assertThat(health.get("status").asText()).isEqualTo("failing");
      JsonNode alerts =
          Eventually.satisfies(
              "the alert fired",
              () -> api.get("/api/monitoring/alerts?pipeline=gap&state=active").json(),
              a -> a.toString().contains("LOG_GAP"));
      assertThat(alerts.toString()).contains("critical").contains("resnapshot");
      // automatic recovery does not retry a job the gap refuses: the reason stays as it is
      assertThat(api.get(pipeline + "/status").json().get("state_reason").asText())
          .startsWith("change log gap: ");

      // the way out: every table copied again from a new slot, deleted rows gone too
      var fresh = api.post(pipeline + "/resnapshot", null);
      assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
      JsonNode streaming = api.awaitState(pipeline, "STREAMING");
      assertThat(streaming.get("runs").get(0).get("trigger").asText()).isEqualTo("resnapshot");
      assertThat(streaming.get("runs").get(0).get("restored_from").isNull()).isTrue();
      JsonNode run = streaming.get("runs").get(0);
      assertThat(Instant.parse(run.get("streaming_at").asText()))
          .as(run.toString())
          .isAfter(Instant.parse(run.get("started_at").asText()));
      Eventually.equals(checksum(sourceDb), () -> checksum(targetDb));
      changeRows(1);
      Eventually.equals(checksum(sourceDb), () -> checksum(targetDb));
      Eventually.equals(
          "0.0",
          () ->
              api.get("/api/monitoring/pipelines/gap/metrics")
                  .json()
                  .at("/metrics/log_gap")
                  .asText("absent"));

      // a slot made again under its name while the pipeline is stopped stands past its stop
      assertThat(api.post(pipeline + "/stop", null).status()).isEqualTo(200);
      dropSlot(slot);
      PG.execute(sourceDb, "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
      changeRows(2);
      var moved = api.post(pipeline + "/start", null);
      assertThat(moved.status()).as(moved.body()).isEqualTo(409);
      assertThat(moved.json().get("detail").asText())
          .contains("replication slot " + slot + " stands at")
          .contains("where the pipeline stopped");
      assertThat(api.post(pipeline + "/resnapshot", null).status()).isEqualTo(200);
      api.awaitState(pipeline, "STREAMING");
      Eventually.equals(checksum(sourceDb), () -> checksum(targetDb));

      // a clean stop and start of a slot nobody touched resumes
      assertThat(api.post(pipeline + "/stop", null).status()).isEqualTo(200);
      changeRows(3);
      assertThat(api.post(pipeline + "/start", null).status()).isEqualTo(200);
      JsonNode resumed = api.awaitState(pipeline, "STREAMING");
      assertThat(resumed.get("runs").get(0).get("trigger").asText()).isEqualTo("resume");
      Eventually.equals(checksum(sourceDb), () -> checksum(targetDb));
    } finally {
      api.post(pipeline + "/stop", null);
      api.delete(pipeline);
    }
  }

  @Test
  void aResnapshotThatFailsPartWayIsRefusedUntilItIsRetried() {
    String target = PG.createDatabase("partway_dst");
    api.addConnection("partway-dst", PG, target);
    String pipeline = "/api/pipelines/partway";
    assertThat(api.post("/api/pipelines", definition("partway", "gap-src", "partway-dst")).status())
        .isEqualTo(201);
    try {
      assertThat(api.post(pipeline + "/start", null).status()).isEqualTo(200);
      api.awaitState(pipeline, "STREAMING");
      Eventually.equals(checksum(sourceDb), () -> checksum(target));
      assertThat(api.post(pipeline + "/stop", null).status()).isEqualTo(200);
      dropSlot(slotOf("partway"));
      changeRows(5);

      // a table the pipeline does not write refers to its target: the target cannot be emptied
      PG.execute(target, "CREATE TABLE public.notes (account int REFERENCES public.accounts(id))");
      var failed = api.post(pipeline + "/resnapshot", null);
      assertThat(failed.status()).as(failed.body()).isEqualTo(409);
      assertThat(failed.json().get("detail").asText())
          .contains("could not be emptied")
          .contains("foreign key");
      JsonNode status = api.get(pipeline + "/status").json();
      assertThat(status.get("state").asText()).isEqualTo("FAILED");
      assertThat(status.get("state_reason").asText())
          .startsWith("change log gap: a resnapshot failed part way")
          .contains("/api/pipelines/partway/resnapshot");
      // its slot is gone and its savepoint is not used: only a resnapshot starts it again
      for (String action : List.of("/start", "/recover")) {
        var refused = api.post(pipeline + action, null);
        assertThat(refused.status()).as(action + " " + refused.body()).isEqualTo(409);
        assertThat(refused.json().get("title").asText()).isEqualTo("Change log has a gap");
      }
      assertThat(api.get(pipeline + "/status").json().get("state").asText()).isEqualTo("FAILED");

      PG.execute(target, "DROP TABLE public.notes");
      var retried = api.post(pipeline + "/resnapshot", null);
      assertThat(retried.status()).as(retried.body()).isEqualTo(200);
      JsonNode streaming = api.awaitState(pipeline, "STREAMING");
      assertThat(streaming.get("runs").get(0).get("restored_from").isNull()).isTrue();
      Eventually.equals(checksum(sourceDb), () -> checksum(target));
    } finally {
      api.post(pipeline + "/stop", null);
      api.delete(pipeline);
    }
  }

  @Test
  void aPipelineThatAsksIsCopiedAgainByItself() {
    String target = PG.createDatabase("auto_dst");
    api.addConnection("auto-dst", PG, target);
    String pipeline = "/api/pipelines/auto";
    var created =
        api.post(
            "/api/pipelines",
            definition("auto", "gap-src", "auto-dst", Map.of("auto_resnapshot", true)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    try {
      assertThat(api.post(pipeline + "/start", null).status()).isEqualTo(200);
      api.awaitState(pipeline, "STREAMING");
      Eventually.equals(checksum(sourceDb), () -> checksum(target));
      assertThat(api.post(pipeline + "/stop", null).status()).isEqualTo(200);
      dropSlot(slotOf("auto"));
      changeRows(6);

      var refused = api.post(pipeline + "/start", null);
      assertThat(refused.status()).as(refused.body()).isEqualTo(409);
      // the watcher sees the gap and starts it afresh: no request, no savepoint
      JsonNode streaming =
          Eventually.satisfies(
              "the pipeline copied again by itself",
              () -> api.get(pipeline + "/status").json(),
              s ->
                  s.get("state").asText().equals("STREAMING")
                      && s.at("/runs/0/trigger").asText().equals("resnapshot"));
      assertThat(streaming.at("/runs/0/restored_from").isNull()).isTrue();
      Eventually.equals(checksum(sourceDb), () -> checksum(target));
    } finally {
      api.post(pipeline + "/stop", null);
      api.delete(pipeline);
    }
  }

  @Test
  void aSlotThatLostWalToMaxSlotWalKeepSizeIsRefusedToo() {
    Map<String, String> settings = new HashMap<>(TestPostgres.LOGICAL);
    settings.put("max_slot_wal_keep_size", "1MB");
    TestPostgres small = TestPostgres.start(settings);
    try {
      String db = small.createDatabase("lost_src");
      small.execute(
          db,
          "CREATE TABLE public.accounts (id int PRIMARY KEY, name text NOT NULL, qty int)",
          "INSERT INTO public.accounts SELECT g, 'row ' || g, g FROM generate_series(1, 3000) g");
      String lostTarget = PG.createDatabase("lost_dst");
      api.addConnection("lost-src", small, db);
      api.addConnection("lost-dst", PG, lostTarget);
      String pipeline = "/api/pipelines/lost";
      assertThat(api.post("/api/pipelines", definition("lost", "lost-src", "lost-dst")).status())
          .isEqualTo(201);
      try {
        assertThat(api.post(pipeline + "/start", null).status()).isEqualTo(200);
        api.awaitState(pipeline, "STREAMING");
        assertThat(api.post(pipeline + "/stop", null).status()).isEqualTo(200);
        String slot = slotOf("lost");

        // while stopped, more WAL than the server keeps for slots; a checkpoint removes it
        Eventually.equals(
            "lost",
            () -> {
              small.execute(
                  db,
                  "UPDATE public.accounts SET qty = qty + 1",
                  "SELECT pg_switch_wal()",
                  "CHECKPOINT");
              return small.queryString(
                  db,
                  "SELECT wal_status FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
            });
        var refused = api.post(pipeline + "/start", null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText())
            .contains("replication slot " + slot + " lost WAL it still needed");
        assertThat(api.post(pipeline + "/resnapshot", null).status()).isEqualTo(200);
        api.awaitState(pipeline, "STREAMING");
        String rows = "SELECT count(*) || ':' || sum(qty) FROM public.accounts";
        Eventually.equals(small.queryString(db, rows), () -> PG.queryString(lostTarget, rows));
      } finally {
        api.post(pipeline + "/stop", null);
        api.delete(pipeline);
      }
    } finally {
      small.close();
    }
  }

  private static Map<String, Object> definition(String name, String source, String target) {
    return definition(name, source, target, Map.of());
  }

  private static Map<String, Object> definition(
      String name, String source, String target, Map<String, Object> moreOptions) {
    Map<String, Object> options =
        new HashMap<>(
            Map.of("parallelism", 2, "chunk_size", 500, "checkpoint_interval_seconds", 2));
    options.putAll(moreOptions);
    return Map.of(
        "name",
        name,
        "source",
        source,
        "target",
        target,
        "mode",
        "FULL_LOAD_AND_CDC",
        "tables",
        Map.of("include", List.of("public.accounts")),
        "options",
        options);
  }

  /** Inserts, updates and deletes rows, different ones each round. */
  private static void changeRows(int round) {
    int base = 100 * round;
    PG.execute(
        sourceDb,
        "INSERT INTO public.accounts SELECT g, 'new ' || g, 0 FROM generate_series("
            + (10_000 + base)
            + ", "
            + (10_000 + base + 49)
            + ") g",
        "UPDATE public.accounts SET qty = -qty, name = 'changed' WHERE id BETWEEN "
            + (1 + base)
            + " AND "
            + (base + 50),
        "DELETE FROM public.accounts WHERE id BETWEEN " + (2001 + base) + " AND " + (2050 + base));
  }

  private static String slotOf(String pipeline) {
    return PG.queryString(
        api.catalogDatabase(),
        "SELECT slot_name FROM cdcflow.pipelines WHERE name = '" + pipeline + "'");
  }

  private static void dropSlot(String slot) {
    // the stopped job's WAL sender may take a moment to let the slot go
    Eventually.equals(
        "dropped",
        () -> {
          try {
            PG.execute(sourceDb, "SELECT pg_drop_replication_slot('" + slot + "')");
            return "dropped";
          } catch (RuntimeException e) {
            return e.getMessage();
          }
        });
  }

  private static String checksum(String db) {
    return PG.queryString(
        db,
        "SELECT count(*) || ':' || coalesce(md5(string_agg(concat_ws('|', id, name, qty), ','"
            + " ORDER BY id)), '') FROM public.accounts");
  }
}
