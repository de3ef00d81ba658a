package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validation warns about the MySQL/MariaDB foreign keys of selected tables whose cascades the
 * binlog does not carry.
 */
class CascadeWarningApiTest {

  private static final TestMariaDb MARIA = TestMariaDb.shared();
  private static ApiTestServer api;

  @BeforeAll
  static void start() {
    String source = MARIA.createDatabase("cascade_src");
    MARIA.execute(
        source,
        "CREATE TABLE actor (actor_id int PRIMARY KEY, name varchar(40))",
        "CREATE TABLE film (film_id int PRIMARY KEY, title varchar(40))",
        "CREATE TABLE film_actor (actor_id int, film_id int, PRIMARY KEY (actor_id, film_id),"
            + " CONSTRAINT fk_actor FOREIGN KEY (actor_id) REFERENCES actor (actor_id)"
            + " ON UPDATE CASCADE ON DELETE CASCADE,"
            + " CONSTRAINT fk_film FOREIGN KEY (film_id) REFERENCES film (film_id))");
    api = ApiTestServer.start(Map.of());
    api.addConnection("cascade-src", MARIA, source);
    api.addConnection(
        "cascade-dst", TestPostgres.shared(), TestPostgres.shared().createDatabase("cascade_dst"));
    create("cascades", List.of(source + ".*"));
    create("parents-only", List.of(source + ".actor", source + ".film"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static void create(String name, List<String> include) {
    var created =
        api.post(
            "/api/pipelines",
            Map.of(
                "name", name,
                "source", "cascade-src",
                "target", "cascade-dst",
                "mode", "FULL_LOAD_AND_CDC",
                "tables", Map.of("include", include)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  @Test
  void aCascadeBetweenSelectedTablesIsAWarning() {
    JsonNode report = api.post("/api/pipelines/cascades/validate", null).json();
    assertThat(report.get("valid").asBoolean()).as(report.toString()).isTrue();
    List<JsonNode> cascades =
        report.get("warnings").findParents("code").stream()
            .filter(w -> w.get("code").asText().equals(CascadeWarnings.CODE))
            .toList();
    assertThat(cascades).hasSize(1);
    assertThat(cascades.get(0).get("message").asText())
        .contains("fk_actor")
        .contains("ON UPDATE CASCADE and ON DELETE CASCADE")
        .contains("repair");
  }

  @Test
  void tablesACascadeDoesNotChangeHaveNoWarning() {
    JsonNode report = api.post("/api/pipelines/parents-only/validate", null).json();
    assertThat(report.get("warnings").findValuesAsText("code"))
        .doesNotContain(CascadeWarnings.CODE);
  }
}
