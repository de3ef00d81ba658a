package io.cdcflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import io.cdcflow.testing.TestPostgres;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SQL injection attempts through table names, column names, mapping rules and parameters: every
 * name is quoted by the dialect (copied literally) or refused with the field named; nothing is ever
 * executed. The canary table {@code y} must survive everything, on source and target.
 */
class InjectionApiTest {

  static final String EVIL_TABLE = "x\"; DROP TABLE y; --";
  static final String EVIL_COLUMN = "v\"); DROP TABLE y; --";
  static final String EVIL_SCHEMA = "s\"; DROP TABLE y; --";
  static final String LONG_TABLE = "t".repeat(40);

  static ApiTestServer api;
  static TestPostgres pg;
  static String sourceDb;
  static String targetDb;

  @BeforeAll
  static void start() {
    pg = TestPostgres.shared();
    sourceDb = pg.createDatabase("inj_src");
    targetDb = pg.createDatabase("inj_dst");
    pg.execute(
        sourceDb,
        "CREATE TABLE public.y (id int PRIMARY KEY)",
        "CREATE TABLE public.\"x\"\"; DROP TABLE y; --\" (id int PRIMARY KEY, v text)",
        "INSERT INTO public.\"x\"\"; DROP TABLE y; --\" VALUES (1, 'a')",
        "CREATE SCHEMA app",
        "CREATE TABLE app.items (id int PRIMARY KEY, \"v\"\"); DROP TABLE y; --\" text)",
        "INSERT INTO app.items VALUES (1, 'one'), (2, 'two')",
        "CREATE TABLE app." + LONG_TABLE + " (id int PRIMARY KEY)");
    pg.execute(targetDb, "CREATE TABLE public.y (id int PRIMARY KEY)");
    api = ApiTestServer.start();
    api.addConnection("inj-src", pg, sourceDb);
    api.addConnection("inj-dst", pg, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @AfterEach
  void canariesAlive() {
    assertThat(pg.queryString(sourceDb, "SELECT to_regclass('public.y')::text")).isEqualTo("y");
    assertThat(pg.queryString(targetDb, "SELECT to_regclass('public.y')::text")).isEqualTo("y");
  }

  private static Response create(String name, List<String> include, Map<String, Object> mapping) {
    return api.post(
        "/api/pipelines",
        Map.of(
            "name",
            name,
            "source",
            "inj-src",
            "target",
            "inj-dst",
            "mode",
            "FULL_LOAD_ONLY",
            "tables",
            Map.of("include", include),
            "mapping",
            mapping));
  }

  private static void assertInvalid(Response r, String field) {
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().findValuesAsText("field")).as(r.body()).contains(field);
  }

  @Test
  void aSourceTableNamedLikeAnInjectionIsRefusedClearlyNeverExecuted() {
    Response created = create("inj-evil-table", List.of("public.*"), Map.of());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode report = api.post("/api/pipelines/inj-evil-table/validate", null).json();
    assertThat(report.get("valid").asBoolean()).as(report.toString()).isFalse();
    assertThat(report.toString()).contains("invalid_name").contains("cannot be captured");
    assertThat(report.findValuesAsText("table")).contains("public." + EVIL_TABLE);

    Response start = api.post("/api/pipelines/inj-evil-table/start", null);
    assertThat(start.status()).as(start.toString()).isBetween(400, 499);
    assertThat(start.contentType()).startsWith("application/problem+json");
    assertThat(start.body()).contains("cannot be captured");
    assertThat(api.get("/api/pipelines/inj-evil-table/status").json().get("state").asText())
        .isNotIn("RUNNING", "STARTING", "SNAPSHOT", "STREAMING");

    // discovery reads it as the literal name it is
    Response schema =
        api.get(
            "/api/connections/inj-src/table/"
                + URLEncoder.encode(EVIL_TABLE, StandardCharsets.UTF_8).replace("+", "%20")
                + "/schema?schema=public");
    assertThat(schema.status()).as(schema.toString()).isEqualTo(200);
    assertThat(schema.json().findValuesAsText("name")).contains("v");
    Response hostileSchema =
        api.get("/api/connections/inj-src/tables?schema=public'%3B%20DROP%20TABLE%20y%3B%20--");
    assertThat(hostileSchema.status()).as(hostileSchema.toString()).isLessThan(500);
  }

  @Test
  void hostileButValidNamesFromMappingRulesAndColumnsAreCreatedLiterally() {
    Response created =
        create(
            "inj-evil-mapping",
            List.of("app.items"),
            Map.of("target_schema", EVIL_SCHEMA, "prefix", "p'; DROP TABLE y; --"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    Response createSchema = api.post("/api/pipelines/inj-evil-mapping/schema/create", null);
    assertThat(createSchema.status()).as(createSchema.toString()).isEqualTo(200);
    assertThat(
            pg.queryString(
                targetDb,
                "SELECT count(*) FROM information_schema.columns WHERE table_schema = '"
                    + EVIL_SCHEMA.replace("'", "''")
                    + "' AND table_name = 'p''; DROP TABLE y; --items' AND column_name = '"
                    + EVIL_COLUMN.replace("'", "''")
                    + "'"))
        .isEqualTo("1");
    // dropping the targets with the pipeline quotes them too
    assertThat(api.delete("/api/pipelines/inj-evil-mapping?drop_target=true").status())
        .isBetween(200, 299);
  }

  @Test
  void invalidOrDangerousMappingRulesAreRejectedAtValidationWithTheFieldNamed() {
    assertInvalid(
        create("inj-long", List.of("app.items"), Map.of("target_schema", "a".repeat(64))),
        "mapping.target_schema");
    // 32 characters but 64 bytes: PostgreSQL would cut it
    assertInvalid(
        create("inj-bytes", List.of("app.items"), Map.of("target_schema", "é".repeat(32))),
        "mapping.target_schema");
    assertInvalid(
        create("inj-nul", List.of("app.items"), Map.of("target_schema", "a\u0000b")),
        "mapping.target_schema");
    assertInvalid(
        create("inj-newline", List.of("app.items"), Map.of("renames", Map.of("app.items", "a\nb"))),
        "mapping.renames.app.items");
    assertInvalid(
        create("inj-prefix", List.of("app.items"), Map.of("prefix", "x".repeat(31))),
        "mapping.prefix");
    assertThat(api.get("/api/pipelines").body()).doesNotContain("inj-long", "inj-nul");

    // each rule is fine alone, but prefix + a 40-character table name exceeds 63 bytes
    Response created =
        create("inj-overflow", List.of("app." + LONG_TABLE), Map.of("prefix", "p".repeat(30)));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode report = api.post("/api/pipelines/inj-overflow/validate", null).json();
    assertThat(report.get("valid").asBoolean()).isFalse();
    assertThat(report.toString()).contains("invalid_name").contains("63");
    Response start = api.post("/api/pipelines/inj-overflow/start", null);
    assertThat(start.status()).as(start.toString()).isEqualTo(409);
    assertThat(start.json().findValuesAsText("field")).contains("app." + LONG_TABLE);
    assertThat(start.body()).contains("mapping gives target table");
  }
}
