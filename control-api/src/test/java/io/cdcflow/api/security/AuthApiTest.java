package io.cdcflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer tokens, roles and CORS against the real server. */
class AuthApiTest {

  static ApiTestServer api;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start(Map.of("CDCFLOW_CORS_ORIGINS", "https://ui.example.com"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static void assertProblem(Response r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("detail").asText()).isNotBlank();
  }

  @Test
  void noTokenIsA401WithAChallengeEverywhereButHealthAndDocs() {
    for (String path :
        new String[] {
          "/api/connections",
          "/api/pipelines",
          "/api/monitoring/dashboard",
          "/api/monitoring/alerts",
          "/metrics",
          "/api/no-such-thing",
          "/api/monitoring/health/../../connections"
        }) {
      Response r = api.as(null).get(path);
      assertThat(r.status()).as(path + ": " + r).isIn(400, 401);
      if (r.status() == 401) {
        assertProblem(r, 401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=\"cdcflow\"");
      }
    }
    Response write = api.as(null).post("/api/connections", Map.of("name", "x"));
    assertProblem(write, 401);
    assertThat(api.as(null).get("/api/monitoring/health").status()).isEqualTo(200);
    assertThat(api.as(null).get("/openapi.json").status()).isEqualTo(200);
    assertThat(api.as(null).get("/docs").status()).isEqualTo(200);
    // the health endpoint is open for reading only
    assertProblem(api.as(null).post("/api/monitoring/health", Map.of()), 401);
  }

  @Test
  void aWrongOrMalformedTokenIsA401() {
    Response wrong = api.as("not-the-token-at-all-123").get("/api/connections");
    assertProblem(wrong, 401);
    assertThat(wrong.header("WWW-Authenticate")).contains("invalid_token");
    // almost right: the admin token with one character changed
    String admin = api.adminToken();
    String almost = admin.substring(0, admin.length() - 1) + (admin.endsWith("a") ? "b" : "a");
    assertProblem(api.as(almost).get("/api/connections"), 401);
    assertProblem(
        api.as(null)
            .send("GET", "/api/connections", null, null, Map.of("Authorization", "Basic " + admin)),
        401);
    assertProblem(
        api.as(null).send("GET", "/metrics", null, null, Map.of("Authorization", "Bearer")), 401);
  }

  @Test
  void aViewerReadsButCannotWrite() {
    ApiTestServer.Client viewer = api.as(api.viewerToken());
    assertThat(viewer.get("/api/connections").status()).isEqualTo(200);
    assertThat(viewer.get("/api/pipelines").status()).isEqualTo(200);
    assertThat(viewer.get("/api/monitoring/alert-rules").status()).isEqualTo(200);
    assertThat(viewer.get("/metrics").status()).isEqualTo(200);
    assertThat(viewer.send("HEAD", "/api/connections", null).status()).isEqualTo(200);

    Response create =
        viewer.post(
            "/api/connections",
            Map.of(
                "name", "viewer-made",
                "type", "postgres",
                "host", "localhost",
                "port", 5432,
                "database", "x",
                "username", "u"));
    assertProblem(create, 403);
    assertThat(create.json().get("detail").asText()).contains("admin token");
    assertProblem(viewer.delete("/api/pipelines/anything"), 403);
    assertProblem(viewer.put("/api/monitoring/alert-rules/x", Map.of()), 403);
    assertThat(api.get("/api/connections").body()).doesNotContain("viewer-made");
  }

  @Test
  void anAdminDoesEverything() {
    Response created =
        api.post(
            "/api/connections",
            Map.of(
                "name", "admin-made",
                "type", "postgres",
                "host", "localhost",
                "port", 5432,
                "database", "x",
                "username", "u"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(api.delete("/api/connections/admin-made").status()).isEqualTo(204);
  }

  @Test
  void corsAllowsOnlyTheConfiguredOrigins() {
    Response preflight =
        api.as(null)
            .send(
                "OPTIONS",
                "/api/connections",
                null,
                null,
                Map.of(
                    "Origin", "https://ui.example.com",
                    "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "authorization,content-type"));
    assertThat(preflight.status()).as(preflight.toString()).isEqualTo(200);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://ui.example.com");
    assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase())
        .contains("authorization");

    Response allowed =
        api.as(api.viewerToken())
            .send(
                "GET", "/api/connections", null, null, Map.of("Origin", "https://ui.example.com"));
    assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://ui.example.com");

    Response other =
        api.as(api.viewerToken())
            .send("GET", "/api/connections", null, null, Map.of("Origin", "https://evil.example"));
    assertThat(other.header("Access-Control-Allow-Origin")).isEmpty();
    Response otherPreflight =
        api.as(null)
            .send(
                "OPTIONS",
                "/api/connections",
                null,
                null,
                Map.of(
                    "Origin", "https://evil.example", "Access-Control-Request-Method", "DELETE"));
    assertThat(otherPreflight.header("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void oversizedBodiesAreA413Problem() {
    String huge = "{\"name\":\"" + "x".repeat(6_000_000) + "\"}";
    Response r = api.send("POST", "/api/connections", huge);
    assertProblem(r, 413);
  }
}
