package io.cdcflow.api.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import io.cdcflow.api.Eventually;
import io.cdcflow.api.WebhookReceiver;
import io.cdcflow.testing.TestPostgres;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Monitoring of a real pipeline under load, over HTTP: figures collected from Flink and from the
 * source's replication slot, stored history, lag, health, the dashboard and the Prometheus scrape;
 * then the target database goes down: lag grows, health degrades and the lag alert reaches a real
 * webhook receiver; when the target is back the lag falls and the alert resolves.
 */
class MonitoringApiTest {

  static ApiTestServer api;
  static TestPostgres source;
  static TestPostgres target;
  static String sourceDb;
  static String targetDb;
  static WebhookReceiver webhook;
  static WebhookReceiver slack;

  @BeforeAll
  static void start() {
    source = TestPostgres.shared();
    target = TestPostgres.startRestartable(TestPostgres.LOGICAL);
    sourceDb = source.createDatabase("mon_src");
    targetDb = target.createDatabase("mon_dst");
    source.execute(
        sourceDb,
        "CREATE TABLE events (id bigint PRIMARY KEY, payload text NOT NULL, at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO events SELECT g, 'seed ' || g, now() FROM generate_series(1, 1000) g");
    webhook = WebhookReceiver.start();
    slack = WebhookReceiver.start();
    api =
        ApiTestServer.start(
            Map.of("CDCFLOW_METRICS_INTERVAL", "1", "CDCFLOW_ALERT_RETRY_SECONDS", "1"));
    api.addConnection("src", source, sourceDb);
    api.addConnection("dst", target, targetDb);
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
    if (target != null) {
      target.close();
    }
    if (webhook != null) {
      webhook.close();
      slack.close();
    }
  }

  /**
   * A COPY full load runs its source and sink chained in one Flink task: the figures of each must
   * still be the source's and the sink's (the task's own record counts are 0 in a chain).
   */
  @Test
  void aCopyFullLoadReportsItsSourceAndSinkFigures() {
    source.execute(
        sourceDb,
        "CREATE TABLE bulk (id bigint PRIMARY KEY, payload text NOT NULL)",
        "INSERT INTO bulk SELECT g, 'row ' || g FROM generate_series(1, 4000) g");
    // a slow target (1 ms per row) keeps the load running long enough to be watched
    target.execute(
        targetDb,
        "CREATE TABLE public.bulk (id bigint PRIMARY KEY, payload text NOT NULL)",
        """
        CREATE FUNCTION public.slow_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_sleep(0.001); RETURN NEW; END $$
        """,
        "CREATE TRIGGER slow BEFORE INSERT ON public.bulk FOR EACH ROW EXECUTE FUNCTION public.slow_row()");
    Response created =
        api.post(
            "/api/pipelines",
            Map.of(
                "name",
                "bulk-load",
                "source",
                "src",
                "target",
                "dst",
                "mode",
                "FULL_LOAD_ONLY",
                "tables",
                Map.of("include", List.of("public.bulk")),
                "options",
                Map.of("parallelism", 1, "chunk_size", 500, "batch_size", 200)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(api.post("/api/pipelines/bulk-load/start", null).status()).isEqualTo(200);

    JsonNode metrics =
        Eventually.satisfies(
            "the running load's source and sink figures",
            () -> api.get("/api/monitoring/pipelines/bulk-load/metrics").json(),
            m ->
                m.at("/metrics/source_records_total").asDouble() > 0
                    && m.at("/metrics/rows_written_total").asDouble() > 0);
    // each row is read once: the counts can lag each other (operator counters are sampled), but
    // neither can pass the table's size
    assertThat(metrics.at("/metrics/source_records_total").asDouble())
        .as(metrics.toString())
        .isLessThanOrEqualTo(4000);
    assertThat(metrics.at("/metrics/rows_written_total").asDouble())
        .as(metrics.toString())
        .isLessThanOrEqualTo(4000);
    Eventually.equals(
        "COMPLETED", () -> api.get("/api/pipelines/bulk-load/status").json().get("state").asText());
    Eventually.sameRows(source, sourceDb, target, targetDb, "bulk", "");
  }

  @Test
  void lagThroughputHistoryAndHealthOfARunningPipelineThroughATargetOutage() throws Exception {
    Response created =
        api.post(
            "/api/pipelines",
            Map.of(
                "name",
                "events-sync",
                "source",
                "src",
                "target",
                "dst",
                "mode",
                "FULL_LOAD_AND_CDC",
                "tables",
                Map.of("include", List.of("public.events")),
                "options",
                Map.of(
                    "parallelism",
                    1,
                    "checkpoint_interval_seconds",
                    2,
                    "flush_interval_millis",
                    200,
                    "restart_attempts",
                    1000,
                    "restart_delay_seconds",
                    2,
                    // restarts every 2 s through the outage (no exponential growth), so the job
                    // is back as soon as the target is
                    "restart_max_delay_seconds",
                    2)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(api.post("/api/pipelines/events-sync/start", null).status()).isEqualTo(200);
    Eventually.equals(
        "STREAMING",
        () -> api.get("/api/pipelines/events-sync/status").json().get("state").asText());
    Instant loadStarted = Instant.now();

    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicLong nextId = new AtomicLong(1001);
    Thread load =
        new Thread(
            () -> {
              while (loading.get()) {
                long id = nextId.getAndIncrement();
                source.execute(
                    sourceDb, "INSERT INTO events (id, payload) VALUES (" + id + ", 'live')");
                sleep(20);
              }
            },
            "monitoring-test-load");
    load.start();
    try {
      JsonNode metrics =
          Eventually.satisfies(
              "non-zero throughput and a measured lag",
              () -> api.get("/api/monitoring/pipelines/events-sync/metrics").json(),
              m ->
                  m.at("/metrics/rows_written_per_second").asDouble() > 0
                      && m.at("/rows_written_per_table/public.events").asDouble() > 1000
                      // the source's and the sink's counts are read from Flink apart, and the
                      // source's may lag a fetch behind (saw exactly the 1,000 copied rows once)
                      && m.at("/metrics/source_records_total").asDouble() > 1000
                      && m.at("/metrics/end_to_end_lag_ms").isNumber());
      assertThat(metrics.get("state").asText()).isEqualTo("STREAMING");
      assertThat(metrics.get("flink_state").asText()).isEqualTo("RUNNING");
      assertThat(metrics.at("/metrics/job_running").asDouble()).isEqualTo(1.0);
      assertThat(metrics.at("/metrics/source_records_total").asDouble()).isGreaterThan(1000);
      assertThat(metrics.at("/metrics/slot_retained_bytes").asDouble()).isPositive();
      assertThat(metrics.at("/metrics/slot_active").asDouble()).isEqualTo(1.0);
      assertThat(metrics.at("/rows_written_per_table/public.events").asDouble())
          .isGreaterThan(1000);
      assertThat(metrics.at("/snapshot_per_table/public.events/splits_processed").asLong())
          .as(metrics.toString())
          .isPositive();
      assertThat(metrics.at("/snapshot_per_table/public.events/splits_remaining").asLong())
          .isZero();
      double liveLag = metrics.at("/metrics/end_to_end_lag_ms").asDouble();
      assertThat(liveLag).as("lag of a healthy pipeline under light load").isLessThan(5_000);

      Eventually.satisfies(
          "checkpoint statistics",
          () -> api.get("/api/monitoring/pipelines/events-sync/metrics").json(),
          m -> m.at("/metrics/checkpoints_completed").asDouble() > 0);
      Eventually.satisfies(
          "healthy",
          () -> api.get("/api/monitoring/pipelines/events-sync/health").json(),
          h -> h.get("status").asText().equals("healthy"));

      // history: the collector stores a sample per second
      JsonNode history =
          Eventually.satisfies(
              "stored lag and throughput samples",
              () ->
                  api.get(
                          "/api/monitoring/pipelines/events-sync/metrics/history?metrics=end_to_end_lag_ms,rows_written_per_second&step=1&from="
                              + loadStarted.minusSeconds(60))
                      .json(),
              h -> h.get("series").size() == 2 && h.at("/series/0/points").size() >= 3);
      assertThat(history.get("resolution_seconds").asInt()).isZero();
      assertThat(history.at("/series/0/points/0/at").asText()).endsWith("Z");

      JsonNode lag = api.get("/api/monitoring/pipelines/events-sync/lag?window=300").json();
      assertThat(lag.get("p50_ms").isNumber()).as(lag.toString()).isTrue();
      assertThat(lag.get("p99_ms").asDouble()).isGreaterThanOrEqualTo(lag.get("p50_ms").asDouble());
      assertThat(lag.at("/source/slot_retained_bytes").asDouble()).isPositive();
      assertThat(lag.at("/source/slot_active").asBoolean()).isTrue();
      assertThat(lag.get("newest_applied_change_at").asText()).isNotBlank();

      // a rate spans two collector rounds: one that saw no row written (a busy machine, the sink
      // between flushes) reads 0, so the dashboard is asked until a round saw the load
      JsonNode dashboard =
          Eventually.satisfies(
              "throughput on the dashboard",
              () -> api.get("/api/monitoring/dashboard").json(),
              d -> d.get("rows_written_per_second").asDouble() > 0);
      assertThat(dashboard.at("/pipelines_by_state/STREAMING").asInt()).isEqualTo(1);
      assertThat(dashboard.at("/worst_lag/name").asText()).isEqualTo("events-sync");
      assertThat(dashboard.at("/cluster/status").asText()).isEqualTo("UP");

      Response scrape = api.get("/metrics");
      assertThat(scrape.status()).isEqualTo(200);
      assertThat(scrape.contentType()).startsWith("text/plain");
      assertThat(scrape.body())
          .contains("cdcflow_pipeline_end_to_end_lag_ms{pipeline=\"events-sync\"")
          .contains("cdcflow_pipeline_rows_written_total{pipeline=\"events-sync\"")
          .contains("cdcflow_pipeline_state{pipeline=\"events-sync\"")
          .contains("state=\"STREAMING\"} 1")
          .contains("cdcflow_pipeline_slot_retained_bytes{pipeline=\"events-sync\"")
          .contains("cdcflow_collector_last_success_timestamp_seconds");

      // lag over 5 s raises an alert on a real webhook receiver and a Slack-compatible one
      Response channel =
          api.post(
              "/api/monitoring/alert-channels",
              Map.of("name", "ops-hook", "kind", "webhook", "url", webhook.url()));
      assertThat(channel.status()).as(channel.body()).isEqualTo(201);
      assertThat(
              api.post(
                      "/api/monitoring/alert-channels",
                      Map.of("name", "ops-slack", "kind", "slack", "url", slack.url()))
                  .status())
          .isEqualTo(201);
      Response rule =
          api.post(
              "/api/monitoring/alert-rules",
              Map.of(
                  "kind",
                  "LAG_HIGH",
                  "pipeline",
                  "events-sync",
                  "threshold",
                  5,
                  "duration_seconds",
                  0,
                  "severity",
                  "critical",
                  "channels",
                  List.of("ops-hook", "ops-slack")));
      assertThat(rule.status()).as(rule.body()).isEqualTo(201);
      sleep(3_000);
      assertThat(webhook.received()).as("no alert while the lag is normal").isEmpty();

      // the target goes away: nothing can be applied, lag grows past any healthy figure
      target.stopServer();
      Eventually.satisfies(
          "lag growing while the target is down",
          () -> api.get("/api/monitoring/pipelines/events-sync/lag").json(),
          l -> l.get("end_to_end_lag_ms").asDouble() > 8_000);
      JsonNode degraded =
          api.get("/api/monitoring/pipelines/events-sync/health?lag_threshold=5").json();
      assertThat(degraded.get("status").asText()).isIn("degraded", "failing");
      assertThat(degraded.get("reasons").toString()).contains("lag");
      JsonNode fired =
          Eventually.satisfies(
                  "the lag alert delivered to the webhook",
                  () -> webhook.events("FIRED"),
                  events -> !events.isEmpty())
              .get(0);
      assertThat(fired.get("kind").asText()).isEqualTo("LAG_HIGH");
      assertThat(fired.get("severity").asText()).isEqualTo("critical");
      assertThat(fired.toString()).contains("events-sync");
      Eventually.satisfies(
          "the lag alert delivered to Slack", () -> slack.received(), r -> !r.isEmpty());
      assertThat(slack.received().get(0).json().get("text").asText()).contains("events-sync");
      JsonNode active = api.get("/api/monitoring/alerts?pipeline=events-sync").json();
      assertThat(active.toString()).contains("LAG_HIGH").contains("ACTIVE");
      JsonNode dashboardDuringOutage = api.get("/api/monitoring/dashboard").json();
      assertThat(dashboardDuringOutage.get("active_alerts").asInt()).isPositive();
      assertThat(api.get("/metrics").body())
          .contains("cdcflow_alerts_active{severity=\"critical\"} 1");

      target.startServer();
      Eventually.satisfies(
          "lag back to normal once the target is back",
          () -> api.get("/api/monitoring/pipelines/events-sync/lag").json(),
          l ->
              l.get("end_to_end_lag_ms").isNumber()
                  && l.get("end_to_end_lag_ms").asDouble() < 5_000);
    } finally {
      loading.set(false);
      load.join();
    }
    Eventually.sameRows(source, sourceDb, target, targetDb, "events", "");
    Eventually.satisfies(
        "caught up: lag 0",
        () -> api.get("/api/monitoring/pipelines/events-sync/lag").json(),
        l -> l.get("end_to_end_lag_ms").asDouble() == 0);

    // the history of the outage is stored: the worst lag of the window shows it
    JsonNode lag = api.get("/api/monitoring/pipelines/events-sync/lag?window=PT10M").json();
    assertThat(lag.get("max_ms").asDouble()).isGreaterThan(8_000);
  }

  @Test
  void badQueriesAreRefusedWithTheFieldNamed() {
    api.post(
        "/api/pipelines",
        Map.of(
            "name",
            "idle",
            "source",
            "src",
            "target",
            "dst",
            "mode",
            "CDC_ONLY",
            "tables",
            Map.of("include", List.of("public.events"))));
    Response unknownMetric =
        api.get("/api/monitoring/pipelines/idle/metrics/history?metrics=nonsense");
    assertThat(unknownMetric.status()).isEqualTo(400);
    assertThat(unknownMetric.body()).contains("metrics").contains("nonsense");
    Response backwards =
        api.get(
            "/api/monitoring/pipelines/idle/metrics/history?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z");
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.body()).contains("from");
    assertThat(api.get("/api/monitoring/pipelines/idle/metrics/history?from=yesterday").status())
        .isEqualTo(400);
    assertThat(api.get("/api/monitoring/pipelines/idle/lag?window=-5").status()).isEqualTo(400);
    Response tooMany =
        api.get(
            "/api/monitoring/pipelines/idle/metrics/history?step=1&from="
                + Instant.now().minusSeconds(5 * 3600));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.body()).contains("step");
    assertThat(api.get("/api/monitoring/pipelines/nope/metrics").status()).isEqualTo(404);

    JsonNode never = api.get("/api/monitoring/pipelines/idle/metrics").json();
    assertThat(never.get("state").asText()).isEqualTo("CREATED");
    assertThat(never.get("metrics").size()).isZero();
    assertThat(api.get("/api/monitoring/pipelines/idle/health").json().get("status").asText())
        .isEqualTo("healthy");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
