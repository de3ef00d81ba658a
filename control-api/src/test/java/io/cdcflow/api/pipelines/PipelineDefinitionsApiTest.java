package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pipeline definitions over HTTP: create, resolve patterns, map names, batch apply, delete. */
class PipelineDefinitionsApiTest {

  static ApiTestServer api;
  static TestPostgres pg;
  static String sourceDb;

  @BeforeAll
  static void start() {
    pg = TestPostgres.shared();
    sourceDb = pg.createDatabase("pdef");
    String targetDb = pg.createDatabase("pdef_target");
    pg.execute(
        sourceDb,
        "CREATE SCHEMA sales",
        "CREATE TABLE sales.order_headers (id bigint PRIMARY KEY)",
        "CREATE TABLE sales.order_lines (order_id bigint, line int, PRIMARY KEY (order_id, line))",
        "CREATE TABLE sales.customers (id bigint PRIMARY KEY)",
        "CREATE TABLE public.events (at timestamptz, payload text)",
        "CREATE TABLE public.tmp_scratch (id int PRIMARY KEY)");
    TestMariaDb maria = TestMariaDb.shared();
    String mariaDb = maria.createDatabase("pdef");
    api = ApiTestServer.start();
    api.post(
        "/api/connections", conn("src", "postgres", pg.host(), pg.port(), sourceDb, "postgres"));
    api.post(
        "/api/connections", conn("dst", "postgres", pg.host(), pg.port(), targetDb, "postgres"));
    api.post(
        "/api/connections",
        conn("maria-dst", "mysql", maria.host(), maria.port(), mariaDb, "root"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static Map<String, Object> conn(
      String name, String type, String host, int port, String db, String user) {
    return Map.of(
        "name", name, "type", type, "host", host, "port", port, "database", db, "username", user);
  }

  static Map<String, Object> definition(String name, List<String> include) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("source", "src");
    d.put("target", "dst");
    d.put("mode", "FULL_LOAD_AND_CDC");
    d.put("tables", Map.of("include", include, "exclude", List.of("public.tmp_*")));
    return d;
  }

  @Test
  void createsWithDefaultsAndPreviewsTheResolvedTables() {
    Map<String, Object> d = definition("orders", List.of("sales.order_*", "public.*"));
    d.put("mapping", Map.of("target_schema", "analytics", "prefix", "src_", "case", "upper"));
    d.put(
        "tables",
        Map.of(
            "include",
            List.of("sales.order_*", "public.*"),
            "exclude",
            List.of("public.tmp_*"),
            "key_columns",
            Map.of("public.events", List.of("at"))));
    Response created = api.post("/api/pipelines", d);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode p = created.json();
    assertThat(p.get("state").asText()).isEqualTo("CREATED");
    assertThat(p.at("/source/name").asText()).isEqualTo("src");
    assertThat(p.get("auto_create_target").asBoolean()).isTrue();
    assertThat(p.at("/options/parallelism").asInt()).isEqualTo(2);
    assertThat(p.at("/options/schema_changes").asText()).isEqualTo("evolve");
    assertThat(p.get("replication_slot").asText())
        .startsWith("cdcflow_orders_")
        .matches("[a-z0-9_]+");

    JsonNode preview = api.get("/api/pipelines/orders/tables/preview").json();
    assertThat(
            preview.findValues("source").stream()
                .map(n -> n.get("schema").asText() + "." + n.get("name").asText()))
        .containsExactly("public.events", "sales.order_headers", "sales.order_lines");
    assertThat(preview.get(0).at("/target/schema").asText()).isEqualTo("ANALYTICS");
    assertThat(preview.get(0).at("/target/name").asText()).isEqualTo("SRC_EVENTS");
    assertThat(preview.get(0).get("key_source").asText()).isEqualTo("chosen");
    assertThat(preview.get(2).get("key_columns").toString()).isEqualTo("[\"order_id\",\"line\"]");
    assertThat(api.get("/api/pipelines/orders/tables/mapping").json()).isEqualTo(preview);
  }

  @Test
  void aMysqlTargetDefaultsToItsOwnDatabaseAndRenamesWin() {
    Map<String, Object> d = definition("to-maria", List.of("sales.*"));
    d.put("target", "maria-dst");
    d.put("mapping", Map.of("renames", Map.of("sales.customers", "clients")));
    assertThat(api.post("/api/pipelines", d).status()).isEqualTo(201);
    JsonNode preview = api.get("/api/pipelines/to-maria/tables/preview").json();
    JsonNode customers = preview.get(0);
    assertThat(customers.at("/source/name").asText()).isEqualTo("customers");
    assertThat(customers.at("/target/name").asText()).isEqualTo("clients");
    assertThat(customers.at("/target/schema").asText()).startsWith("pdef_");
    assertThat(preview.get(1).at("/target/schema").asText())
        .isEqualTo(customers.at("/target/schema").asText());
  }

  @Test
  void explicitSelectionReplacesThePatternsUntilCleared() {
    api.post("/api/pipelines", definition("picked", List.of("sales.*")));
    Response selected =
        api.post("/api/pipelines/picked/tables/select", Map.of("tables", List.of("public.events")));
    assertThat(selected.status()).as(selected.body()).isEqualTo(200);
    assertThat(api.get("/api/pipelines/picked/tables/preview").json().findValuesAsText("name"))
        .contains("events")
        .doesNotContain("customers");
    Response unknown =
        api.post("/api/pipelines/picked/tables/select", Map.of("tables", List.of("public.nope")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("detail").asText()).contains("public.nope");
    api.post("/api/pipelines/picked/tables/select", Map.of("tables", List.of()));
    assertThat(api.get("/api/pipelines/picked/tables/preview").json().size()).isEqualTo(3);
  }

  @Test
  void badDefinitionsAreClear4xxAndStoreNothing() {
    int before = api.get("/api/pipelines").json().size();
    Response nothing = api.post("/api/pipelines", definition("empty", List.of("nosuch.*")));
    assertThat(nothing.status()).isEqualTo(400);
    assertThat(nothing.json().at("/errors/0/field").asText()).isEqualTo("tables.include");
    assertThat(nothing.json().get("detail").asText()).contains("match no table");

    Map<String, Object> unknownConn = definition("bad-conn", List.of("sales.*"));
    unknownConn.put("source", "nope");
    assertThat(api.post("/api/pipelines", unknownConn).json().at("/errors/0/field").asText())
        .isEqualTo("source");

    Map<String, Object> many = new HashMap<>(Map.of("name", "bad name!", "mode", "SOMETIMES"));
    Response invalid = api.post("/api/pipelines", many);
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().at("/errors/0/field").asText()).isEqualTo("mode");

    Map<String, Object> options = definition("bad-options", List.of("sales.*"));
    options.put("options", Map.of("parallelism", 0, "batch_size", 10_000_000));
    options.put("mapping", Map.of("target_schema", "x".repeat(80)));
    JsonNode errors = api.post("/api/pipelines", options).json().get("errors");
    assertThat(errors.findValuesAsText("field"))
        .contains("options.parallelism", "options.batch_size", "mapping.target_schema");

    Map<String, Object> policy = definition("bad-policy", List.of("sales.*"));
    policy.put("options", Map.of("schema_changes", "evolv"));
    Response badPolicy = api.post("/api/pipelines", policy);
    assertThat(badPolicy.status()).isEqualTo(400);
    assertThat(badPolicy.body())
        .contains("schema_changes")
        .contains("[evolve, try_evolve, lenient, ignore, fail]");

    api.post("/api/pipelines", definition("dup", List.of("sales.*")));
    assertThat(api.post("/api/pipelines", definition("dup", List.of("sales.*"))).status())
        .isEqualTo(409);
    assertThat(api.get("/api/pipelines").json().size()).isEqualTo(before + 1);
  }

  @Test
  void yamlBatchAppliesIdempotentlyAndValidatesEverythingFirst() {
    String yaml =
        """
        name: batch-a
        source: src
        target: dst
        mode: FULL_LOAD_ONLY
        tables:
          include: ["sales.customers"]
        ---
        name: batch-b
        source: src
        target: dst
        mode: CDC_ONLY
        tables:
          include: ["sales.order_*"]
        options:
          parallelism: 1
        """;
    Response first = api.postYaml("/api/pipelines/batch", yaml);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().findValuesAsText("action")).containsExactly("created", "created");
    Response second = api.postYaml("/api/pipelines/batch", yaml);
    assertThat(second.json().findValuesAsText("action")).containsExactly("unchanged", "unchanged");
    Response third =
        api.postYaml("/api/pipelines/batch", yaml.replace("parallelism: 1", "parallelism: 3"));
    assertThat(third.json().findValuesAsText("action")).containsExactly("unchanged", "updated");
    assertThat(api.get("/api/pipelines/batch-b").json().at("/options/parallelism").asInt())
        .isEqualTo(3);

    // one bad document: nothing of the batch is applied
    String bad =
        yaml.replace("batch-b", "batch-c")
            + "---\nname: batch-d\nsource: src\ntarget: dst\nmode: CDC_ONLY\ntables: {include: [\"nowhere.*\"]}\n";
    Response rejected = api.postYaml("/api/pipelines/batch", bad);
    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.json().at("/errors/0/field").asText()).isEqualTo("[2].tables.include");
    assertThat(api.get("/api/pipelines/batch-c").status()).isEqualTo(404);

    Response typo =
        api.postYaml(
            "/api/pipelines/batch",
            "name: t\nsource: src\ntarget: dst\nmode: CDC_ONLY\ntabels: {}\n");
    assertThat(typo.status()).isEqualTo(400);
    assertThat(typo.json().at("/errors/0/field").asText()).isEqualTo("tabels");
  }

  @Test
  void deleteDropsTheSlotAndPublicationItOwns() throws Exception {
    String slot =
        api.post("/api/pipelines", definition("to-delete", List.of("sales.customers")))
            .json()
            .get("replication_slot")
            .asText();
    pg.execute(
        sourceDb,
        "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')",
        "SELECT pg_create_logical_replication_slot('" + slot + "_0', 'pgoutput')",
        "CREATE PUBLICATION " + slot + " FOR TABLE sales.customers");
    assertThat(
            count("SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE '" + slot + "%'"))
        .isEqualTo(2);
    assertThat(api.delete("/api/pipelines/to-delete").status()).isEqualTo(204);
    assertThat(
            count("SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE '" + slot + "%'"))
        .isZero();
    assertThat(count("SELECT count(*) FROM pg_publication WHERE pubname = '" + slot + "'"))
        .isZero();
    assertThat(api.get("/api/pipelines/to-delete").status()).isEqualTo(404);
  }

  private static long count(String sql) throws Exception {
    try (Connection c = pg.connect(sourceDb);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
