package io.cdcflow.api.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import io.cdcflow.api.WebhookReceiver;
import io.cdcflow.testing.TestPostgres;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Alert rules and channels over HTTP: CRUD, validation, masking, the effective rules, tests. */
class AlertRulesAndChannelsApiTest {

  static ApiTestServer api;

  @BeforeAll
  static void start() {
    TestPostgres pg = TestPostgres.shared();
    String sourceDb = pg.createDatabase("arules_src");
    String targetDb = pg.createDatabase("arules_dst");
    pg.execute(sourceDb, "CREATE TABLE public.items (id bigint PRIMARY KEY)");
    api = ApiTestServer.start();
    for (String[] c : new String[][] {{"src", sourceDb}, {"dst", targetDb}}) {
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
    }
    Response created =
        api.post(
            "/api/pipelines",
            Map.of(
                "name", "orders",
                "source", "src",
                "target", "dst",
                "mode", "FULL_LOAD_AND_CDC",
                "tables", Map.of("include", List.of("public.*"))));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static Map<String, Object> body(Object... keysAndValues) {
    Map<String, Object> body = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      body.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return body;
  }

  static List<String> fields(Response response) {
    return response.json().get("errors").findValuesAsText("field");
  }

  @Test
  void channelsAreStoredWithSecretsMaskedAndTestedAgainstARealReceiver() {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      Response created =
          api.post(
              "/api/monitoring/alert-channels",
              body(
                  "name",
                  "ops-hook",
                  "kind",
                  "webhook",
                  "url",
                  receiver.url(),
                  "headers",
                  Map.of("Authorization", "Bearer s3cr3t", "X-Team", "data")));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      JsonNode channel = created.json();
      assertThat(channel.at("/headers/Authorization").asText()).isEqualTo("********");
      assertThat(channel.at("/headers/X-Team").asText()).isEqualTo("data");
      assertThat(channel.get("enabled").asBoolean()).isTrue();
      assertThat(created.body()).doesNotContain("s3cr3t");
      String id = channel.get("id").asText();
      assertThat(api.get("/api/monitoring/alert-channels/ops-hook").json().get("id").asText())
          .isEqualTo(id);
      assertThat(api.get("/api/monitoring/alert-channels").body()).doesNotContain("s3cr3t");

      // the masked value sent back keeps the stored secret
      Response updated =
          api.put(
              "/api/monitoring/alert-channels/" + id,
              body(
                  "name",
                  "ops-hook",
                  "kind",
                  "webhook",
                  "url",
                  receiver.url(),
                  "headers",
                  Map.of("Authorization", "********")));
      assertThat(updated.status()).as(updated.body()).isEqualTo(200);
      Response tested = api.post("/api/monitoring/alert-channels/" + id + "/test", null);
      assertThat(tested.status()).as(tested.body()).isEqualTo(200);
      assertThat(tested.json().get("success").asBoolean()).isTrue();
      assertThat(tested.json().get("response_code").asInt()).isEqualTo(200);
      assertThat(receiver.received()).hasSize(1);
      assertThat(receiver.received().get(0).headers().get("Authorization"))
          .containsExactly("Bearer s3cr3t");
      assertThat(receiver.received().get(0).json().get("event").asText()).isEqualTo("TEST");

      Response slack =
          api.post(
              "/api/monitoring/alert-channels",
              body("name", "chat", "kind", "slack", "url", "https://hooks.example.com/T0/B0/xyz"));
      assertThat(slack.json().get("url").asText()).isEqualTo("https://hooks.example.com/********");

      assertThat(api.delete("/api/monitoring/alert-channels/" + id).status()).isEqualTo(204);
      assertThat(api.get("/api/monitoring/alert-channels/" + id).status()).isEqualTo(404);
    }
  }

  @Test
  void aFailingReceiverIsReportedByTheTest() {
    try (WebhookReceiver receiver = WebhookReceiver.start(503)) {
      api.post(
          "/api/monitoring/alert-channels",
          body("name", "down-hook", "kind", "webhook", "url", receiver.url()));
      JsonNode tested = api.post("/api/monitoring/alert-channels/down-hook/test", null).json();
      assertThat(tested.get("success").asBoolean()).isFalse();
      assertThat(tested.get("response_code").asInt()).isEqualTo(503);
      assertThat(tested.get("error").asText()).contains("HTTP 503");
    }
  }

  @Test
  void badChannelsAreRejectedNamingTheField() {
    Response noUrl =
        api.post("/api/monitoring/alert-channels", body("name", "x", "kind", "webhook"));
    assertThat(noUrl.status()).isEqualTo(400);
    assertThat(noUrl.contentType()).startsWith("application/problem+json");
    assertThat(fields(noUrl)).containsExactly("url");
    Response ftp =
        api.post(
            "/api/monitoring/alert-channels",
            body("name", "x", "kind", "slack", "url", "ftp://example.com/x"));
    assertThat(fields(ftp)).containsExactly("url");
    Response kind = api.post("/api/monitoring/alert-channels", body("name", "x", "kind", "pager"));
    assertThat(fields(kind)).containsExactly("kind");
    api.post("/api/monitoring/alert-channels", body("name", "twice", "kind", "log"));
    assertThat(
            api.post("/api/monitoring/alert-channels", body("name", "twice", "kind", "log"))
                .status())
        .isEqualTo(409);
  }

  @Test
  void rulesOverrideTheDefaultsForAllPipelinesOrOne() {
    api.post("/api/monitoring/alert-channels", body("name", "rule-log", "kind", "log"));
    Response all =
        api.post(
            "/api/monitoring/alert-rules",
            body("kind", "LAG_HIGH", "threshold", 60.0, "severity", "critical"));
    assertThat(all.status()).as(all.body()).isEqualTo(201);
    assertThat(all.json().get("duration_seconds").asInt()).as("kind default").isEqualTo(120);
    assertThat(all.json().get("pipeline").isNull()).isTrue();

    Response own =
        api.post(
            "/api/monitoring/alert-rules",
            body(
                "kind",
                "lag_high",
                "pipeline",
                "orders",
                "threshold",
                3.0,
                "duration_seconds",
                0,
                "channels",
                List.of("rule-log")));
    assertThat(own.status()).as(own.body()).isEqualTo(201);
    String ownId = own.json().get("id").asText();
    assertThat(own.json().at("/pipeline/name").asText()).isEqualTo("orders");
    assertThat(own.json().at("/channels/0/name").asText()).isEqualTo("rule-log");

    JsonNode effective = api.get("/api/monitoring/alert-rules/effective?pipeline=orders").json();
    assertThat(effective).hasSize(RuleKind.values().length);
    JsonNode lag = find(effective, "LAG_HIGH");
    assertThat(lag.get("source").asText()).isEqualTo("pipeline");
    assertThat(lag.get("threshold").asDouble()).isEqualTo(3.0);
    assertThat(lag.get("channels").findValuesAsText("name")).contains("rule-log", "log");
    assertThat(find(effective, "JOB_FAILED").get("source").asText()).isEqualTo("built-in");
    assertThat(find(effective, "JOB_FAILED").get("severity").asText()).isEqualTo("critical");

    Response disabled =
        api.put(
            "/api/monitoring/alert-rules/" + ownId,
            body("kind", "LAG_HIGH", "pipeline", "orders", "enabled", false));
    assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
    assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
    assertThat(disabled.json().get("channels")).isEmpty();

    assertThat(
            api.post("/api/monitoring/alert-rules", body("kind", "LAG_HIGH", "pipeline", "orders"))
                .status())
        .as("one rule per pipeline and kind")
        .isEqualTo(409);

    assertThat(api.delete("/api/monitoring/alert-rules/" + ownId).status()).isEqualTo(204);
    JsonNode after = api.get("/api/monitoring/alert-rules/effective?pipeline=orders").json();
    assertThat(find(after, "LAG_HIGH").get("source").asText()).isEqualTo("all-pipelines");
    assertThat(find(after, "LAG_HIGH").get("threshold").asDouble()).isEqualTo(60.0);
    assertThat(api.get("/api/monitoring/alert-rules/" + ownId).status()).isEqualTo(404);
    assertThat(api.get("/api/monitoring/alert-rules/effective?pipeline=nope").status())
        .isEqualTo(404);
  }

  @Test
  void badRulesAreRejectedNamingTheFieldAndNothingIsStored() {
    int before = api.get("/api/monitoring/alert-rules").json().size();
    assertThat(fields(api.post("/api/monitoring/alert-rules", body("kind", "DISK_FULL"))))
        .containsExactly("kind");
    assertThat(
            fields(
                api.post(
                    "/api/monitoring/alert-rules",
                    body("kind", "SLOT_WAL_RETAINED", "threshold", -1.0))))
        .containsExactly("threshold");
    assertThat(
            fields(
                api.post(
                    "/api/monitoring/alert-rules", body("kind", "JOB_FAILED", "threshold", 2.0))))
        .containsExactly("threshold");
    Response many =
        api.post(
            "/api/monitoring/alert-rules",
            body(
                "kind", "SCHEMA_DRIFT",
                "pipeline", "no-such-pipeline",
                "severity", "loud",
                "duration_seconds", -5,
                "channels", List.of("no-such-channel")));
    assertThat(many.status()).isEqualTo(400);
    assertThat(fields(many))
        .containsExactlyInAnyOrder("pipeline", "severity", "duration_seconds", "channels[0]");
    assertThat(
            api.post("/api/monitoring/alert-rules", body("kind", "LAG_HIGH", "bogus", 1)).status())
        .isEqualTo(400);
    assertThat(api.get("/api/monitoring/alert-rules").json()).hasSize(before);
  }

  @Test
  void alertFiltersAreChecked() {
    assertThat(api.get("/api/monitoring/alerts").json()).isEmpty();
    assertThat(fields(api.get("/api/monitoring/alerts?state=sleeping"))).containsExactly("state");
    assertThat(fields(api.get("/api/monitoring/alerts?from=yesterday"))).containsExactly("from");
    assertThat(fields(api.get("/api/monitoring/alerts?limit=0"))).containsExactly("limit");
    assertThat(fields(api.get("/api/monitoring/alerts?kind=NOPE"))).containsExactly("kind");
    assertThat(
            api.get(
                    "/api/monitoring/alerts?state=all&pipeline=orders&kind=LAG_HIGH"
                        + "&from=2026-01-01T00:00:00Z&to=2030-01-01T00:00:00Z&limit=5")
                .status())
        .isEqualTo(200);
  }

  private static JsonNode find(JsonNode rules, String kind) {
    for (JsonNode rule : rules) {
      if (rule.get("kind").asText().equals(kind)) {
        return rule;
      }
    }
    throw new AssertionError("no " + kind + " in " + rules);
  }
}
