package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import io.cdcflow.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** validate, schema/diff and schema/create against real source and target databases. */
class PipelineChecksApiTest {

  static ApiTestServer api;
  static TestPostgres pg;
  static String targetDb;

  @BeforeAll
  static void start() {
    pg = TestPostgres.shared();
    String sourceDb = pg.createDatabase("chk_src");
    targetDb = pg.createDatabase("chk_dst");
    pg.execute(
        sourceDb,
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL, note text)",
        "CREATE TABLE shop.customers (id bigint PRIMARY KEY, name varchar(100))",
        "CREATE TABLE shop.clicks (at timestamptz, url text)",
        "CREATE SCHEMA tags",
        "CREATE TABLE tags.plain (id bigint PRIMARY KEY, labels text[], scores int[])",
        "CREATE TABLE tags.complete (id bigint PRIMARY KEY, labels text[])",
        "ALTER TABLE tags.complete REPLICA IDENTITY FULL",
        "CREATE TABLE tags.none (id bigint PRIMARY KEY, label text)");
    pg.execute(
        targetDb,
        "CREATE SCHEMA shop",
        // exists with a type difference, an extra column and the right key
        "CREATE TABLE shop.orders (id bigint PRIMARY KEY, total numeric(10,2), legacy int)",
        // exists keyed by something else: the sink could not upsert into it
        "CREATE TABLE shop.customers (id bigint, name varchar(100), PRIMARY KEY (name))");
    api = ApiTestServer.start();
    api.addConnection("src", pg, sourceDb);
    api.addConnection("dst", pg, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void validateReportsTablesKeysTargetsAndPrerequisites() {
    api.post(
        "/api/pipelines",
        Map.of(
            "name",
            "checked",
            "source",
            "src",
            "target",
            "dst",
            "mode",
            "FULL_LOAD_AND_CDC",
            "tables",
            Map.of("include", List.of("shop.*"))));
    JsonNode report = api.post("/api/pipelines/checked/validate", null).json();
    assertThat(report.get("valid").asBoolean()).isFalse();
    assertThat(report.get("source_prerequisites").findValuesAsText("name")).contains("wal_level");
    assertThat(report.get("target_prerequisites").get(0).get("passed").asBoolean()).isTrue();

    JsonNode tables = report.get("tables");
    assertThat(tables.findValues("source").stream().map(n -> n.get("name").asText()))
        .containsExactly("clicks", "customers", "orders");
    assertThat(tables.get(0).get("target_status").asText()).isEqualTo("incompatible");
    assertThat(tables.get(0).get("key_source").asText()).isEqualTo("none");
    assertThat(tables.get(1).get("target_status").asText()).isEqualTo("incompatible");
    assertThat(tables.get(2).get("target_status").asText()).isEqualTo("exists");

    assertThat(report.get("errors").findValuesAsText("code"))
        .containsExactlyInAnyOrder("no_key", "key_mismatch");
    assertThat(report.get("warnings").findValuesAsText("code"))
        .contains("type_mismatch", "column_missing", "column_extra");
  }

  @Test
  void arraysWithoutReplicaIdentityFullAreAWarning() {
    api.post(
        "/api/pipelines",
        Map.of(
            "name", "tagged",
            "source", "src",
            "target", "dst",
            "mode", "FULL_LOAD_AND_CDC",
            "tables", Map.of("include", List.of("tags.*"))));
    JsonNode report = api.post("/api/pipelines/tagged/validate", null).json();
    List<JsonNode> warnings =
        report.get("warnings").findParents("code").stream()
            .filter(w -> w.get("code").asText().equals(ReplicaIdentityWarnings.CODE))
            .toList();
    assertThat(warnings).as(report.toString()).hasSize(1);
    assertThat(warnings.get(0).get("table").asText()).isEqualTo("tags.plain");
    assertThat(warnings.get(0).get("message").asText())
        .contains("[labels, scores]")
        .contains("REPLICA IDENTITY FULL");
  }

  @Test
  void diffAndCreateTheTargetSchema() {
    api.post(
        "/api/pipelines",
        Map.of(
            "name",
            "creator",
            "source",
            "src",
            "target",
            "dst",
            "mode",
            "FULL_LOAD_ONLY",
            "tables",
            Map.of(
                "include",
                List.of("shop.orders", "shop.clicks"),
                "key_columns",
                Map.of("shop.clicks", List.of("at", "url"))),
            "mapping",
            Map.of("target_schema", "mirror")));
    JsonNode before = api.get("/api/pipelines/creator/schema/diff").json();
    assertThat(before.findValuesAsText("target_exists")).containsOnly("false");

    Response created = api.post("/api/pipelines/creator/schema/create", null);
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    assertThat(created.json().get("actions").toString())
        .contains("created schema mirror")
        .contains("created table mirror.orders");

    JsonNode after = api.get("/api/pipelines/creator/schema/diff").json();
    assertThat(after.findValuesAsText("target_exists")).containsOnly("true");
    assertThat(after.get(0).get("differences").size()).as(after.toString()).isZero();
    assertThat(after.get(1).get("differences").size()).as(after.toString()).isZero();

    assertThat(api.post("/api/pipelines/creator/schema/create", null).json().get("actions").size())
        .as("idempotent")
        .isZero();
    JsonNode report = api.post("/api/pipelines/creator/validate", null).json();
    assertThat(report.get("valid").asBoolean()).as(report.toString()).isTrue();
  }
}
