package io.cdcflow.api.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Discovery over HTTP against real PostgreSQL and MariaDB schemas the test creates. */
class DiscoveryApiTest {

  static ApiTestServer api;
  static String pgId;
  static String mariaId;
  static String mariaDb;

  @BeforeAll
  static void start() {
    TestPostgres pg = TestPostgres.shared();
    String pgDb = pg.createDatabase("disc");
    pg.execute(
        pgDb,
        "CREATE SCHEMA \"Sales Dept\"",
        "CREATE TABLE \"Sales Dept\".customers (id bigint PRIMARY KEY, email varchar(200) UNIQUE NOT NULL)",
        "CREATE TABLE \"Sales Dept\".\"Order Lines\" (order_id bigint, line_no int, customer_id bigint"
            + " REFERENCES \"Sales Dept\".customers(id), amount numeric(12,2) DEFAULT 0, note text,"
            + " PRIMARY KEY (order_id, line_no))",
        "CREATE TABLE public.audit_log (at timestamptz NOT NULL, message text)",
        "INSERT INTO \"Sales Dept\".customers SELECT g, 'c' || g || '@x.io' FROM generate_series(1, 500) g",
        "ANALYZE");
    TestMariaDb maria = TestMariaDb.shared();
    mariaDb = maria.createDatabase("disc");
    maria.execute(
        mariaDb,
        "CREATE TABLE customers (id int unsigned PRIMARY KEY, active tinyint(1) NOT NULL DEFAULT 1,"
            + " tier enum('gold','silver') NULL)",
        "CREATE TABLE `order items` (order_id int, line_no int, customer_id int unsigned,"
            + " PRIMARY KEY (order_id, line_no), FOREIGN KEY (customer_id) REFERENCES customers(id))");
    api = ApiTestServer.start();
    pgId =
        api.post(
                "/api/connections",
                Map.of(
                    "name",
                    "disc-pg",
                    "type",
                    "postgres",
                    "host",
                    pg.host(),
                    "port",
                    pg.port(),
                    "database",
                    pgDb,
                    "username",
                    "postgres"))
            .json()
            .get("id")
            .asText();
    mariaId =
        api.post(
                "/api/connections",
                Map.of(
                    "name",
                    "disc-maria",
                    "type",
                    "mysql",
                    "host",
                    maria.host(),
                    "port",
                    maria.port(),
                    "database",
                    mariaDb,
                    "username",
                    "root"))
            .json()
            .get("id")
            .asText();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void listsDatabasesSchemasAndTablesOfPostgres() {
    assertThat(texts(api.get("/api/connections/" + pgId + "/databases").json()))
        .contains("postgres");
    assertThat(texts(api.get("/api/connections/" + pgId + "/schemas").json()))
        .containsExactly("Sales Dept", "public");

    JsonNode tables =
        api.get("/api/connections/" + pgId + "/tables?schema=" + enc("Sales Dept")).json();
    assertThat(tables.findValuesAsText("name")).containsExactly("Order Lines", "customers");
    JsonNode customers = tables.get(1);
    assertThat(customers.get("estimated_rows").asLong()).isEqualTo(500);
    assertThat(customers.get("size_bytes").asLong()).isGreaterThan(0);
    assertThat(customers.get("has_primary_key").asBoolean()).isTrue();

    JsonNode filtered =
        api.get("/api/connections/" + pgId + "/tables?pattern=" + enc("*log")).json();
    assertThat(filtered.findValuesAsText("name")).containsExactly("audit_log");
    assertThat(filtered.get(0).get("has_primary_key").asBoolean()).isFalse();
  }

  @Test
  void describesATableWithOddIdentifiersCompositeKeyAndForeignKey() {
    Response r =
        api.get(
            "/api/connections/"
                + pgId
                + "/table/"
                + enc("Order Lines")
                + "/schema?schema="
                + enc("Sales Dept"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode table = r.json();
    assertThat(table.get("primary_key").toString()).isEqualTo("[\"order_id\",\"line_no\"]");
    assertThat(table.get("columns").findValuesAsText("name"))
        .containsExactly("order_id", "line_no", "customer_id", "amount", "note");
    JsonNode amount = table.get("columns").get(3);
    assertThat(amount.get("column_type").asText()).isEqualTo("numeric(12,2)");
    assertThat(amount.get("precision").asInt()).isEqualTo(12);
    assertThat(amount.get("scale").asInt()).isEqualTo(2);
    assertThat(amount.get("default_value").asText()).isEqualTo("0");
    assertThat(table.at("/foreign_keys/0/referenced_table/name").asText()).isEqualTo("customers");

    // the same table named as a quoted schema.table path segment
    Response quoted =
        api.get(
            "/api/connections/"
                + pgId
                + "/table/"
                + enc("\"Sales Dept\".\"Order Lines\"")
                + "/schema");
    assertThat(quoted.status()).as(quoted.body()).isEqualTo(200);

    JsonNode deps =
        api.get(
                "/api/connections/"
                    + pgId
                    + "/tables/customers/dependencies?schema="
                    + enc("Sales Dept"))
            .json();
    assertThat(deps.get("references").size()).isZero();
    assertThat(deps.at("/referenced_by/0/table/name").asText()).isEqualTo("Order Lines");
  }

  @Test
  void missingTablesAre404() {
    Response missing = api.get("/api/connections/" + pgId + "/table/nope/schema");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("detail").asText()).contains("public.nope");
    assertThat(api.get("/api/connections/" + pgId + "/tables/nope/dependencies").status())
        .isEqualTo(404);
    assertThat(api.get("/api/connections/" + mariaId + "/table/nope/schema").status())
        .isEqualTo(404);
  }

  @Test
  void discoversMariaDb() {
    JsonNode tables = api.get("/api/connections/" + mariaId + "/tables?schema=" + mariaDb).json();
    assertThat(tables.findValuesAsText("name")).containsExactly("customers", "order items");
    JsonNode customers = api.get("/api/connections/" + mariaId + "/table/customers/schema").json();
    JsonNode id = customers.get("columns").get(0);
    assertThat(id.get("unsigned").asBoolean()).isTrue();
    assertThat(customers.get("columns").get(1).get("column_type").asText()).isEqualTo("tinyint(1)");
    assertThat(customers.get("columns").get(2).get("enum_values").toString())
        .isEqualTo("[\"gold\",\"silver\"]");
    JsonNode items =
        api.get("/api/connections/" + mariaId + "/table/" + enc("order items") + "/schema").json();
    assertThat(items.get("primary_key").toString()).isEqualTo("[\"order_id\",\"line_no\"]");
    assertThat(items.at("/foreign_keys/0/referenced_table/name").asText()).isEqualTo("customers");
  }

  @Test
  void discoversTheWholeTreeAndEstimatesSize() {
    JsonNode tree = api.get("/api/connections/" + pgId + "/discover").json();
    assertThat(tree.get("type").asText()).isEqualTo("postgres");
    JsonNode sales = tree.get("schemas").get(0);
    assertThat(sales.get("name").asText()).isEqualTo("Sales Dept");
    assertThat(sales.get("tables").size()).isEqualTo(2);
    assertThat(sales.at("/tables/1/definition/columns/1/name").asText()).isEqualTo("email");

    JsonNode size = api.get("/api/connections/" + pgId + "/tables/size-estimate").json();
    assertThat(size.get("table_count").asInt()).isEqualTo(3);
    assertThat(size.get("total_estimated_rows").asLong()).isGreaterThanOrEqualTo(500);
    assertThat(size.get("total_size_bytes").asLong()).isGreaterThan(0);
  }

  @Test
  void anUnreachableDatabaseIsAClear422() {
    String down =
        api.post(
                "/api/connections",
                Map.of(
                    "name",
                    "disc-down",
                    "type",
                    "postgres",
                    "host",
                    "127.0.0.1",
                    "port",
                    1,
                    "database",
                    "x",
                    "username",
                    "u"))
            .json()
            .get("id")
            .asText();
    Response r = api.get("/api/connections/" + down + "/tables");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("detail").asText()).contains("cannot reach 127.0.0.1:1");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
