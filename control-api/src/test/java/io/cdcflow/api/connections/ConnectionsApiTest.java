package io.cdcflow.api.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConnectionsApiTest {

  static ApiTestServer api;
  static TestPostgres pg;
  static TestMariaDb maria;
  static String pgDb;
  static String mariaDb;

  @BeforeAll
  static void start() {
    pg = TestPostgres.shared();
    maria = TestMariaDb.shared();
    pgDb = pg.createDatabase("conn");
    mariaDb = maria.createDatabase("conn");
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static Map<String, Object> pgConnection(String name) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("type", "postgres");
    body.put("host", pg.host());
    body.put("port", pg.port());
    body.put("database", pgDb);
    body.put("username", pg.username());
    body.put("password", "s3cret-Pa55word!");
    return body;
  }

  static Map<String, Object> mariaConnection(String name, String user, String password) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("type", "mariadb");
    body.put("host", maria.host());
    body.put("port", maria.port());
    body.put("database", mariaDb);
    body.put("username", user);
    body.put("password", password);
    return body;
  }

  @Test
  void createReadUpdateDelete() {
    Response created = api.post("/api/connections", pgConnection("crud-pg"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode json = created.json();
    String id = json.get("id").asText();
    assertThat(json.get("name").asText()).isEqualTo("crud-pg");
    assertThat(json.get("type").asText()).isEqualTo("postgres");
    assertThat(json.get("port").asInt()).isEqualTo(pg.port());
    assertThat(json.get("has_password").asBoolean()).isTrue();
    assertThat(json.has("password")).isFalse();
    assertThat(created.body()).doesNotContain("s3cret-Pa55word!");

    assertThat(api.get("/api/connections/" + id).json().get("name").asText()).isEqualTo("crud-pg");
    assertThat(api.get("/api/connections/crud-pg").json().get("id").asText()).isEqualTo(id);
    assertThat(api.get("/api/connections").json().findValuesAsText("name")).contains("crud-pg");

    Map<String, Object> update = pgConnection("crud-pg-renamed");
    update.remove("password");
    update.put("properties", Map.of("sslmode", "disable", "sslpassword", "hidden-value"));
    Response updated = api.put("/api/connections/" + id, update);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().get("name").asText()).isEqualTo("crud-pg-renamed");
    assertThat(updated.json().get("has_password").asBoolean())
        .as("password kept when omitted")
        .isTrue();
    assertThat(updated.json().at("/properties/sslmode").asText()).isEqualTo("disable");
    assertThat(updated.body()).doesNotContain("hidden-value");

    // the kept password still decrypts: the test logs in (trust auth ignores it, the decrypt must
    // not fail)
    assertThat(api.post("/api/connections/" + id + "/test", null).json().get("success").asBoolean())
        .isTrue();

    assertThat(api.delete("/api/connections/" + id).status()).isEqualTo(204);
    assertThat(api.get("/api/connections/" + id).status()).isEqualTo(404);
    assertThat(api.delete("/api/connections/" + id).status()).isEqualTo(404);
  }

  @Test
  void passwordIsEncryptedAtRest() throws Exception {
    String id = api.post("/api/connections", pgConnection("sealed")).json().get("id").asText();
    try (Connection c = pg.connect(api.catalogDatabase());
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT password_encrypted FROM cdcflow.connections WHERE id = '"
                        + UUID.fromString(id)
                        + "'")) {
      assertThat(rs.next()).isTrue();
      byte[] stored = rs.getBytes(1);
      assertThat(stored).isNotEmpty();
      assertThat(new String(stored, StandardCharsets.ISO_8859_1))
          .doesNotContain("s3cret-Pa55word!");
      assertThat(stored.length)
          .as("version + nonce + ciphertext + tag")
          .isEqualTo(1 + 12 + "s3cret-Pa55word!".length() + 16);
    }
  }

  @Test
  void invalidInputIsRejectedWithTheFieldsAndNothingIsStored() {
    int before = api.get("/api/connections").json().size();
    Response bad =
        api.post("/api/connections", Map.of("name", "", "type", "postgres", "port", 70000));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.contentType()).startsWith("application/problem+json");
    assertThat(bad.json().get("errors").findValuesAsText("field"))
        .contains("name", "host", "port", "database", "username");

    Response unknownType = api.post("/api/connections", Map.of("name", "x", "type", "oracle"));
    assertThat(unknownType.status()).isEqualTo(400);
    assertThat(unknownType.json().at("/errors/0/field").asText()).isEqualTo("type");

    Response wrongType =
        api.post("/api/connections", "{\"name\":\"x\",\"type\":\"postgres\",\"port\":\"abc\"}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.json().at("/errors/0/field").asText()).isEqualTo("port");

    Response unknownField = api.post("/api/connections", "{\"name\":\"x\",\"colour\":\"red\"}");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.json().at("/errors/0/field").asText()).isEqualTo("colour");

    assertThat(api.post("/api/connections", "{not json").status()).isEqualTo(400);
    assertThat(api.post("/api/connections", "").status()).isEqualTo(400);
    assertThat(api.post("/api/connections", "null").status()).isEqualTo(400);
    assertThat(api.post("/api/connections", "[]").status()).isEqualTo(400);

    Map<String, Object> reserved = pgConnection("reserved");
    reserved.put("properties", Map.of("password", "sneaky"));
    assertThat(api.post("/api/connections", reserved).json().at("/errors/0/field").asText())
        .isEqualTo("properties.password");

    assertThat(api.get("/api/connections").json().size()).isEqualTo(before);
  }

  @Test
  void duplicateNamesConflict() {
    assertThat(api.post("/api/connections", pgConnection("twice")).status()).isEqualTo(201);
    Response again = api.post("/api/connections", pgConnection("twice"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("detail").asText()).contains("twice");

    String other = api.post("/api/connections", pgConnection("other")).json().get("id").asText();
    assertThat(api.put("/api/connections/" + other, pgConnection("twice")).status()).isEqualTo(409);
  }

  @Test
  void unknownIdsAndRoutesAre404Problems() {
    Response missing = api.get("/api/connections/" + UUID.randomUUID());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    assertThat(api.get("/api/connections/no-such-name").status()).isEqualTo(404);
    assertThat(api.post("/api/connections/" + UUID.randomUUID() + "/test", null).status())
        .isEqualTo(404);
    assertThat(api.get("/api/connections/" + UUID.randomUUID() + "/test/history").status())
        .isEqualTo(404);
    assertThat(api.get("/api/nothing-here").json().get("status").asInt()).isEqualTo(404);
  }

  @Test
  void deletingAConnectionAPipelineUsesConflicts() {
    String id = api.post("/api/connections", pgConnection("in-use")).json().get("id").asText();
    pg.execute(
        api.catalogDatabase(),
        "INSERT INTO cdcflow.pipelines (id, name, source_connection_id, target_connection_id, mode, definition)"
            + " VALUES ('"
            + UUID.randomUUID()
            + "', 'orders-sync', '"
            + id
            + "', '"
            + id
            + "', 'CDC_ONLY', '{}')");
    Response conflict = api.delete("/api/connections/" + id);
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.json().get("detail").asText()).contains("orders-sync");
    assertThat(api.get("/api/connections/" + id).status()).isEqualTo(200);
  }

  @Test
  void testReportsPrerequisitesOfAPostgresThatPasses() {
    String id = api.post("/api/connections", pgConnection("pg-ok")).json().get("id").asText();
    JsonNode result = api.post("/api/connections/" + id + "/test", null).json();
    assertThat(result.get("success").asBoolean()).isTrue();
    assertThat(result.get("cdc_ready").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.get("server_version").asText()).startsWith("PostgreSQL");
    assertThat(result.get("latency_ms").asDouble()).isGreaterThan(0);
    assertThat(result.get("checks").findValuesAsText("name"))
        .containsExactly("wal_level", "replication_privilege", "replication_slots", "wal_senders");
  }

  @Test
  void testReportsAPostgresWithoutLogicalWal() {
    TestPostgres replica = TestPostgres.start(Map.of("wal_level", "replica"));
    try {
      Map<String, Object> body = pgConnection("pg-replica");
      body.put("port", replica.port());
      body.put("database", "postgres");
      String id = api.post("/api/connections", body).json().get("id").asText();
      JsonNode result = api.post("/api/connections/" + id + "/test", null).json();
      assertThat(result.get("success").asBoolean()).isTrue();
      assertThat(result.get("cdc_ready").asBoolean()).isFalse();
      JsonNode walLevel = result.get("checks").get(0);
      assertThat(walLevel.get("name").asText()).isEqualTo("wal_level");
      assertThat(walLevel.get("passed").asBoolean()).isFalse();
      assertThat(walLevel.get("detail").asText())
          .contains("replica")
          .contains("wal_level = logical");
    } finally {
      replica.close();
    }
  }

  @Test
  void testReportsMariaDbPrerequisitesAndMissingGrants() {
    String root =
        api.post("/api/connections", mariaConnection("maria-root", "root", ""))
            .json()
            .get("id")
            .asText();
    JsonNode ok = api.post("/api/connections/" + root + "/test", null).json();
    assertThat(ok.get("success").asBoolean()).as(ok.toString()).isTrue();
    assertThat(ok.get("cdc_ready").asBoolean()).as(ok.toString()).isTrue();
    assertThat(ok.get("server_version").asText()).containsIgnoringCase("mariadb");
    assertThat(ok.get("checks").findValuesAsText("name"))
        .containsExactly(
            "log_bin", "binlog_format", "binlog_row_image", "server_id", "replication_privileges");

    maria.execute(
        mariaDb,
        "CREATE USER IF NOT EXISTS 'reader'@'%' IDENTIFIED BY 'reader-pw'",
        "GRANT SELECT ON " + mariaDb + ".* TO 'reader'@'%'");
    String reader =
        api.post("/api/connections", mariaConnection("maria-reader", "reader", "reader-pw"))
            .json()
            .get("id")
            .asText();
    JsonNode limited = api.post("/api/connections/" + reader + "/test", null).json();
    assertThat(limited.get("success").asBoolean()).as(limited.toString()).isTrue();
    assertThat(limited.get("cdc_ready").asBoolean()).isFalse();
    JsonNode grants = limited.get("checks").get(4);
    assertThat(grants.get("passed").asBoolean()).isFalse();
    assertThat(grants.get("detail").asText())
        .contains("REPLICATION SLAVE")
        .contains("REPLICATION CLIENT");
  }

  @Test
  void failuresAreClearResultsAndRecordedNewestFirst() {
    maria.execute(mariaDb, "CREATE USER IF NOT EXISTS 'locked'@'%' IDENTIFIED BY 'right-pw'");
    String wrongPassword =
        api.post("/api/connections", mariaConnection("maria-wrong-pw", "locked", "wrong-pw"))
            .json()
            .get("id")
            .asText();
    JsonNode auth = api.post("/api/connections/" + wrongPassword + "/test", null).json();
    assertThat(auth.get("success").asBoolean()).isFalse();
    assertThat(auth.get("error").asText())
        .contains("authentication failed")
        .doesNotContain("wrong-pw");

    Map<String, Object> noDb = pgConnection("pg-no-db");
    noDb.put("database", "does_not_exist");
    String unknownDb = api.post("/api/connections", noDb).json().get("id").asText();
    assertThat(
            api.post("/api/connections/" + unknownDb + "/test", null).json().get("error").asText())
        .contains("does_not_exist")
        .contains("does not exist");

    Map<String, Object> closed = pgConnection("pg-closed-port");
    closed.put("port", 1);
    String unreachable = api.post("/api/connections", closed).json().get("id").asText();
    long start = System.nanoTime();
    JsonNode down = api.post("/api/connections/" + unreachable + "/test", null).json();
    assertThat((System.nanoTime() - start) / 1_000_000_000.0)
        .as("bounded, not a hang")
        .isLessThan(15);
    assertThat(down.get("success").asBoolean()).isFalse();
    assertThat(down.get("error").asText()).contains("cannot reach").contains(":1");

    // a second test of the same connection comes first in the history
    closed.put("port", pg.port());
    api.put("/api/connections/" + unreachable, closed);
    api.post("/api/connections/" + unreachable + "/test", null);
    JsonNode history = api.get("/api/connections/" + unreachable + "/test/history").json();
    assertThat(history.size()).isEqualTo(2);
    assertThat(history.get(0).get("success").asBoolean()).isTrue();
    assertThat(history.get(1).get("success").asBoolean()).isFalse();
  }

  @Test
  void unsavedSettingsCanBeTestedWithoutStoringThem() {
    int before = api.get("/api/connections").json().size();
    JsonNode result = api.post("/api/connections/test", pgConnection("draft")).json();
    assertThat(result.get("success").asBoolean()).isTrue();
    assertThat(api.get("/api/connections").json().size()).isEqualTo(before);
    assertThat(api.post("/api/connections/test", Map.of("type", "postgres")).status())
        .isEqualTo(400);
  }

  @Test
  void openApiAndDocsAreServedInSnakeCase() {
    Response spec = api.get("/openapi.json");
    assertThat(spec.status()).isEqualTo(200);
    JsonNode view = spec.json().at("/components/schemas/ConnectionView/properties");
    assertThat(List.of(view.fieldNames().next())).isNotEmpty();
    assertThat(view.has("has_password")).isTrue();
    assertThat(view.has("hasPassword")).isFalse();
    assertThat(spec.json().at("/paths").has("/api/connections/{id}/test")).isTrue();
    assertThat(api.get("/docs").status()).isEqualTo(200);
  }

  @Test
  void healthReportsCatalogVersionAndUptime() {
    JsonNode health = api.get("/api/monitoring/health").json();
    assertThat(health.get("status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/catalog/status").asText()).isEqualTo("UP");
    assertThat(health.get("version").asText()).isNotBlank();
    assertThat(health.get("uptime_seconds").asLong()).isGreaterThanOrEqualTo(0);
  }
}
