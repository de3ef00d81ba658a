package io.cdcflow.api.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import io.cdcflow.api.Eventually;
import io.cdcflow.api.WebhookReceiver;
import io.cdcflow.api.monitoring.PipelineMetric;
import io.cdcflow.api.monitoring.PipelineObservation;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.testing.TestPostgres;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert engine fed with observations as the collector would, against the real server: alerts in
 * the catalog, deliveries to real HTTP receivers, everything read back over the API.
 */
class AlertEngineApiTest {

  static ApiTestServer api;
  static AlertEngine engine;
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeAll
  static void start() {
    TestPostgres pg = TestPostgres.shared();
    String sourceDb = pg.createDatabase("alert_src");
    String targetDb = pg.createDatabase("alert_dst");
    pg.execute(sourceDb, "CREATE TABLE public.items (id bigint PRIMARY KEY)");
    api =
        ApiTestServer.start(
            Map.of(
                "CDCFLOW_ALERT_RETRY_SECONDS", "0.3",
                "CDCFLOW_ALERT_MAX_ATTEMPTS", "3",
                "CDCFLOW_ALERT_TIMEOUT_SECONDS", "1"));
    engine = api.server().alerts();
    for (String[] c : new String[][] {{"src", sourceDb}, {"dst", targetDb}}) {
      Response created =
          api.post(
              "/api/connections",
              Map.of(
                  "name",
                  c[0],
                  "type",
                  "postgres",
                  "host",
                  pg.host(),
                  "port",
                  pg.port(),
                  "database",
                  c[1],
                  "username",
                  pg.username()));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** A pipeline in the catalog (alerts reference it); returns its id. */
  static UUID pipeline(String name) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("source", "src");
    d.put("target", "dst");
    d.put("mode", "FULL_LOAD_AND_CDC");
    d.put("tables", Map.of("include", List.of("public.*")));
    Response created = api.post("/api/pipelines", d);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return UUID.fromString(created.json().get("id").asText());
  }

  static String channel(String name, String kind, String url, Map<String, String> headers) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("kind", kind);
    body.put("url", url);
    body.put("headers", headers);
    Response created = api.post("/api/monitoring/alert-channels", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  static void rule(
      String kind, String pipeline, Double threshold, int duration, String... channels) {
    Map<String, Object> body = new HashMap<>();
    body.put("kind", kind);
    body.put("pipeline", pipeline);
    body.put("threshold", threshold);
    body.put("duration_seconds", duration);
    body.put("channels", List.of(channels));
    Response created = api.post("/api/monitoring/alert-rules", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  static PipelineObservation obs(
      UUID id, String name, int secondsAfterT0, String jobId, Map<PipelineMetric, Double> values) {
    return new PipelineObservation(
        id,
        name,
        PipelineState.STREAMING,
        T0.plusSeconds(secondsAfterT0),
        Optional.ofNullable(jobId),
        Optional.of("RUNNING"),
        Optional.empty(),
        values);
  }

  static PipelineObservation lag(UUID id, String name, int at, double lagMs) {
    return obs(id, name, at, "job-1", Map.of(PipelineMetric.END_TO_END_LAG_MS, lagMs));
  }

  static JsonNode alerts(String pipeline, String state) {
    Response listed = api.get("/api/monitoring/alerts?pipeline=" + pipeline + "&state=" + state);
    assertThat(listed.status()).as(listed.body()).isEqualTo(200);
    return listed.json();
  }

  static List<String> states(String pipeline) {
    List<String> states = new ArrayList<>();
    alerts(pipeline, "all")
        .forEach(a -> states.add(a.get("kind").asText() + ":" + a.get("state").asText()));
    return states;
  }

  @Test
  void lagHighFiresOnceWhileItHoldsThenResolvesAndEachReceiverGetsOneOfEach() {
    UUID id = pipeline("lagging");
    try (WebhookReceiver hook = WebhookReceiver.start();
        WebhookReceiver slack = WebhookReceiver.start()) {
      channel("lag-hook", "webhook", hook.url(), Map.of("Authorization", "Bearer t0ps3cret"));
      channel("lag-slack", "slack", slack.url(), Map.of());
      rule("LAG_HIGH", "lagging", 3.0, 0, "lag-hook", "lag-slack");

      for (int round = 0; round < 4; round++) {
        engine.evaluate(lag(id, "lagging", round * 10, 12_500));
      }
      assertThat(states("lagging")).containsExactly("LAG_HIGH:ACTIVE");
      assertThat(engine.activeCount(id)).isEqualTo(1);
      assertThat(engine.activeCounts()).containsEntry(id, 1);
      JsonNode alert = alerts("lagging", "active").get(0);
      assertThat(alert.get("message").asText()).contains("12.5 s").contains("3 s threshold");
      assertThat(alert.at("/details/value").asDouble()).isEqualTo(12_500);
      assertThat(alert.at("/pipeline/name").asText()).isEqualTo("lagging");

      Eventually.equals(1, () -> hook.events("FIRED").size());
      Eventually.equals(1, () -> slack.received().size());
      JsonNode fired = hook.events("FIRED").get(0);
      assertThat(fired.get("alert_id").asText()).isEqualTo(alert.get("id").asText());
      assertThat(fired.get("pipeline_name").asText()).isEqualTo("lagging");
      assertThat(fired.get("kind").asText()).isEqualTo("LAG_HIGH");
      assertThat(fired.get("severity").asText()).isEqualTo("warning");
      assertThat(fired.at("/details/threshold").asDouble()).isEqualTo(3.0);
      assertThat(hook.received().get(0).headers().get("Authorization"))
          .containsExactly("Bearer t0ps3cret");
      assertThat(slack.received().get(0).json().get("text").asText())
          .contains("FIRED LAG_HIGH")
          .contains("lagging");

      engine.evaluate(lag(id, "lagging", 40, 0));
      assertThat(states("lagging")).containsExactly("LAG_HIGH:RESOLVED");
      assertThat(engine.activeCount(id)).isZero();
      Eventually.equals(1, () -> hook.events("RESOLVED").size());
      Eventually.equals(2, () -> slack.received().size());
      assertThat(hook.events("FIRED")).hasSize(1);
      assertThat(slack.received().get(1).json().get("text").asText()).contains("RESOLVED");

      String alertId = alert.get("id").asText();
      Eventually.equals(
          List.of("FIRED:DELIVERED", "RESOLVED:DELIVERED"),
          () -> {
            List<String> seen = new ArrayList<>();
            api.get("/api/monitoring/alerts/" + alertId)
                .json()
                .get("deliveries")
                .forEach(
                    d -> {
                      if (d.at("/channel/name").asText().equals("lag-hook")) {
                        seen.add(d.get("event").asText() + ":" + d.get("status").asText());
                      }
                    });
            return seen;
          });
      assertThat(api.get("/api/monitoring/alerts/" + alertId).json().findValuesAsText("name"))
          .as("the built-in log channel gets everything")
          .contains("log");
    }
  }

  @Test
  void aDurationMeansContinuouslyAndAnAbsentFigureChangesNothing() {
    UUID id = pipeline("slow");
    rule("LAG_HIGH", "slow", 3.0, 60);
    engine.evaluate(lag(id, "slow", 0, 5_000));
    engine.evaluate(lag(id, "slow", 30, 5_000));
    engine.evaluate(lag(id, "slow", 40, 1_000)); // dips below: the clock restarts
    engine.evaluate(lag(id, "slow", 50, 5_000));
    engine.evaluate(lag(id, "slow", 100, 5_000));
    assertThat(states("slow")).as("50 s above is not 60").isEmpty();
    engine.evaluate(lag(id, "slow", 110, 5_000));
    assertThat(states("slow")).containsExactly("LAG_HIGH:ACTIVE");
    assertThat(alerts("slow", "open").get(0).get("message").asText()).contains("for 60 s");

    engine.evaluate(obs(id, "slow", 120, "job-1", Map.of()));
    engine.evaluate(obs(id, "slow", 130, "job-1", Map.of(PipelineMetric.RESTARTS, 0.0)));
    assertThat(states("slow"))
        .as("unknown lag neither fires nor resolves")
        .containsExactly("LAG_HIGH:ACTIVE");

    engine.evaluate(
        new PipelineObservation(
            id,
            "slow",
            PipelineState.STOPPED,
            T0.plusSeconds(140),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of()));
    assertThat(states("slow"))
        .as("a stopped pipeline has no lag")
        .containsExactly("LAG_HIGH:RESOLVED");
  }

  @Test
  void restartsAreCountedAcrossJobIdsWithinTheWindow() {
    UUID id = pipeline("flappy");
    Map<PipelineMetric, Double> none = Map.of(PipelineMetric.RESTARTS, 0.0);
    engine.evaluate(obs(id, "flappy", 0, "job-a", Map.of(PipelineMetric.RESTARTS, 5.0)));
    engine.evaluate(obs(id, "flappy", 10, "job-a", Map.of(PipelineMetric.RESTARTS, 6.0)));
    engine.evaluate(obs(id, "flappy", 20, "job-a", Map.of(PipelineMetric.RESTARTS, 7.0)));
    assertThat(states("flappy")).as("restarts before the first round do not count").isEmpty();
    engine.evaluate(obs(id, "flappy", 30, "job-b", none));
    assertThat(states("flappy")).as("a new job's counter starting at 0 is no restart").isEmpty();
    engine.evaluate(obs(id, "flappy", 40, "job-b", Map.of(PipelineMetric.RESTARTS, 1.0)));
    assertThat(states("flappy")).containsExactly("JOB_RESTARTING:ACTIVE");
    assertThat(alerts("flappy", "open").get(0).get("message").asText())
        .contains("restarted 3 times within 600 s (threshold 3)");

    engine.evaluate(obs(id, "flappy", 400, "job-b", Map.of(PipelineMetric.RESTARTS, 1.0)));
    assertThat(states("flappy"))
        .as("still 3 within the last 600 s")
        .containsExactly("JOB_RESTARTING:ACTIVE");
    engine.evaluate(obs(id, "flappy", 700, "job-b", Map.of(PipelineMetric.RESTARTS, 1.0)));
    assertThat(states("flappy")).containsExactly("JOB_RESTARTING:RESOLVED");
  }

  @Test
  void anAcknowledgedAlertStillResolvesAndAnAlertCanBeResolvedByHand() {
    UUID id = pipeline("drifty");
    engine.evaluate(
        obs(id, "drifty", 0, "job-1", Map.of(PipelineMetric.SCHEMA_DRIFT_COLUMNS, 2.0)));
    String alertId = alerts("drifty", "active").get(0).get("id").asText();
    Response acked =
        api.post("/api/monitoring/alerts/" + alertId + "/acknowledge", Map.of("by", "ops-anna"));
    assertThat(acked.status()).as(acked.body()).isEqualTo(200);
    assertThat(acked.json().get("state").asText()).isEqualTo("ACKNOWLEDGED");
    assertThat(acked.json().get("acknowledged_by").asText()).isEqualTo("ops-anna");
    assertThat(alerts("drifty", "active")).isEmpty();
    assertThat(alerts("drifty", "acknowledged")).hasSize(1);

    engine.evaluate(
        obs(id, "drifty", 10, "job-1", Map.of(PipelineMetric.SCHEMA_DRIFT_COLUMNS, 2.0)));
    assertThat(states("drifty")).as("no second alert while acknowledged").hasSize(1);
    engine.evaluate(
        obs(id, "drifty", 20, "job-1", Map.of(PipelineMetric.SCHEMA_DRIFT_COLUMNS, 0.0)));
    assertThat(states("drifty")).containsExactly("SCHEMA_DRIFT:RESOLVED");

    engine.evaluate(
        obs(id, "drifty", 30, "job-1", Map.of(PipelineMetric.SCHEMA_DRIFT_COLUMNS, 1.0)));
    String second = alerts("drifty", "active").get(0).get("id").asText();
    assertThat(second).isNotEqualTo(alertId);
    assertThat(engine.activeCount(id)).isEqualTo(1);
    Response resolved = api.post("/api/monitoring/alerts/" + second + "/resolve", null);
    assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
    assertThat(resolved.json().get("state").asText()).isEqualTo("RESOLVED");
    assertThat(resolved.json().get("resolved_at").isNull()).isFalse();
    assertThat(engine.activeCount(id)).isZero();
    Eventually.equals(
        true,
        () ->
            api.get("/api/monitoring/alerts/" + second)
                .json()
                .get("deliveries")
                .findValuesAsText("event")
                .contains("RESOLVED"));
    assertThat(api.post("/api/monitoring/alerts/" + second + "/resolve", null).status())
        .isEqualTo(409);
    assertThat(api.post("/api/monitoring/alerts/" + second + "/acknowledge", null).status())
        .isEqualTo(409);
    assertThat(api.get("/api/monitoring/alerts/" + UUID.randomUUID()).status()).isEqualTo(404);
  }

  @Test
  void aFlakyReceiverGetsRetriedAndADeadOneEndsFailed() throws Exception {
    UUID id = pipeline("mismatched");
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    try (WebhookReceiver flaky = WebhookReceiver.start(500, 500, 200)) {
      channel("flaky", "webhook", flaky.url(), Map.of());
      channel("dead", "webhook", "http://127.0.0.1:" + deadPort + "/hook", Map.of());
      rule("ROW_COUNT_MISMATCH", "mismatched", null, 0, "flaky", "dead");
      engine.evaluate(
          obs(id, "mismatched", 0, "job-1", Map.of(PipelineMetric.ROW_COUNT_MISMATCH_TABLES, 1.0)));
      String alertId = alerts("mismatched", "active").get(0).get("id").asText();

      Eventually.equals(
          "DELIVERED FAILED",
          () -> {
            JsonNode deliveries =
                api.get("/api/monitoring/alerts/" + alertId).json().get("deliveries");
            return status(deliveries, "flaky") + " " + status(deliveries, "dead");
          });
      JsonNode deliveries = api.get("/api/monitoring/alerts/" + alertId).json().get("deliveries");
      JsonNode flakyAttempts = delivery(deliveries, "flaky").get("attempts");
      assertThat(flakyAttempts.findValuesAsText("status"))
          .containsExactly("FAILED", "FAILED", "DELIVERED");
      assertThat(flakyAttempts.findValuesAsText("response_code"))
          .containsExactly("500", "500", "200");
      assertThat(flaky.received()).hasSize(3);
      JsonNode deadAttempts = delivery(deliveries, "dead").get("attempts");
      assertThat(deadAttempts).hasSize(3);
      assertThat(deadAttempts.get(2).get("error").asText()).isNotBlank();
      assertThat(deadAttempts.get(2).get("next_attempt_at").isNull()).isTrue();
    }
  }

  @Test
  void aHangingReceiverDoesNotSlowEvaluation() {
    UUID id = pipeline("hung");
    try (WebhookReceiver hanging = WebhookReceiver.start().hangFor(3_000)) {
      channel("hanging", "webhook", hanging.url(), Map.of());
      rule("SLOT_WAL_RETAINED", "hung", 1000.0, 0, "hanging");
      long started = System.nanoTime();
      for (int round = 0; round < 10; round++) {
        double retained = round % 2 == 0 ? 5_000 : 10; // fires and resolves every other round
        engine.evaluate(
            obs(
                id,
                "hung",
                round * 10,
                "job-1",
                Map.of(PipelineMetric.SLOT_RETAINED_BYTES, retained)));
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertThat(alerts("hung", "all")).hasSize(5);
      Eventually.equals(true, () -> !hanging.received().isEmpty());
      assertThat(millis).as("10 rounds while the receiver hangs").isLessThan(2_000);
    }
  }

  private static JsonNode delivery(JsonNode deliveries, String channel) {
    for (JsonNode d : deliveries) {
      if (d.at("/channel/name").asText().equals(channel)
          && d.get("event").asText().equals("FIRED")) {
        return d;
      }
    }
    return null;
  }

  private static String status(JsonNode deliveries, String channel) {
    JsonNode d = delivery(deliveries, channel);
    return d == null ? "none" : d.get("status").asText();
  }
}
