package io.cdcflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import io.cdcflow.testing.TestPostgres;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sends at least 10,000 seeded random requests to every operation of /openapi.json (new endpoints
 * are covered without touching this test): wrong types, missing fields, huge strings, unicode, SQL
 * and path fragments, unknown ids, wrong methods, missing or weak tokens. No answer may be a 5xx;
 * every 4xx is problem+json with a detail; and no rejected request changes the catalog (row counts
 * and a checksum of every table of the cdcflow schema, compared around each request).
 *
 * <p>Reproduce a run with {@code -Dfuzz.seed=<seed>}; {@code -Dfuzz.requests=<n>} changes its size.
 */
class ApiFuzzTest {

  private static final long SEED = Long.getLong("fuzz.seed", 0x5EC0_2026L);
  private static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String[] JUNK_TEXT = {
    "",
    " ",
    "null",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "true",
    "' OR '1'='1",
    "x\"; DROP TABLE cdcflow.connections; --",
    "`; DROP DATABASE postgres; #",
    "1; DELETE FROM cdcflow.pipelines",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/api/connections",
    "%00",
    "\u0000nul",
    "line\nbreak\r\n",
    "ünïcødé-名前-🚀-\u202Eevil",
    "\uD83D",
    "${jndi:ldap://x/a}",
    "<script>alert(1)</script>",
    "*",
    "public.*",
    "a.b.c.d",
    "2026-13-45T99:99:99Z",
    "+1000000000-01-01T00:00:00Z",
    "-999999999-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "P9999999999D",
    "PT-5S",
    "PT0S",
    "9223372036854775807",
    "-9223372036854775808",
    "FULL_LOAD_ONLY",
    "postgres",
    "webhook",
    "http://127.0.0.1:1/hook",
    "file:///etc/passwd",
  };

  private static final String[] FIELDS = {
    "name",
    "type",
    "host",
    "port",
    "database",
    "username",
    "password",
    "properties",
    "source",
    "target",
    "mode",
    "description",
    "tables",
    "include",
    "exclude",
    "key_columns",
    "mapping",
    "target_schema",
    "prefix",
    "suffix",
    "case",
    "renames",
    "options",
    "parallelism",
    "chunk_size",
    "kind",
    "pipeline",
    "threshold",
    "duration_seconds",
    "severity",
    "enabled",
    "channels",
    "url",
    "headers",
    "default",
    "by",
    "table",
    "from",
    "to",
    "limit",
    "auto_create_target",
    "id"
  };

  static ApiTestServer api;
  static Connection catalog;
  static String snapshotSql;
  static final Map<String, String> VALID_IDS = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String db = pg.createDatabase("fuzz");
    pg.execute(
        db,
        "CREATE TABLE public.items (id int PRIMARY KEY, label text)",
        "INSERT INTO public.items VALUES (1, 'one'), (2, 'two')");
    // a quiet collector: nothing but requests changes the catalog
    api = ApiTestServer.start(Map.of("CDCFLOW_METRICS_INTERVAL", "86400"));
    VALID_IDS.put("connections", api.addConnection("fuzz-db", pg, db));
    Response pipeline =
        api.post(
            "/api/pipelines",
            Map.of(
                "name", "fuzz-pipe",
                "source", "fuzz-db",
                "target", "fuzz-db",
                "mode", "FULL_LOAD_ONLY",
                "tables", Map.of("include", List.of("public.items")),
                "mapping", Map.of("target_schema", "copy")));
    assertThat(pipeline.status()).as(pipeline.toString()).isEqualTo(201);
    VALID_IDS.put("pipelines", pipeline.json().get("id").asText());
    Response channel =
        api.post("/api/monitoring/alert-channels", Map.of("name", "fuzz-log", "kind", "log"));
    assertThat(channel.status()).as(channel.toString()).isEqualTo(201);
    VALID_IDS.put("alert-channels", channel.json().get("id").asText());
    Response rule =
        api.post(
            "/api/monitoring/alert-rules",
            Map.of("kind", "LAG_HIGH", "pipeline", "fuzz-pipe", "threshold", 60.0));
    assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
    VALID_IDS.put("alert-rules", rule.json().get("id").asText());

    catalog = pg.connect(api.catalogDatabase());
    List<String> parts = new ArrayList<>();
    try (Statement st = catalog.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'cdcflow'"
                    + " AND table_type = 'BASE TABLE' ORDER BY table_name")) {
      while (rs.next()) {
        String table = rs.getString(1);
        parts.add(
            "SELECT '"
                + table
                + "', count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)),"
                + " '-') FROM cdcflow.\""
                + table
                + "\" t");
      }
    }
    assertThat(parts).hasSizeGreaterThan(5);
    snapshotSql = String.join(" UNION ALL ", parts);
  }

  @AfterAll
  static void stop() throws SQLException {
    if (catalog != null) {
      catalog.close();
    }
    if (api != null) {
      api.close();
    }
  }

  private static Map<String, String> snapshot() throws SQLException {
    Map<String, String> tables = new TreeMap<>();
    try (Statement st = catalog.createStatement();
        ResultSet rs = st.executeQuery(snapshotSql)) {
      while (rs.next()) {
        tables.put(rs.getString(1), rs.getString(2));
      }
    }
    return tables;
  }

  /** One operation of the OpenAPI description. */
  record Operation(String method, String path, List<String> queryParams) {}

  private static List<Operation> operations() {
    JsonNode doc = api.as(null).get("/openapi.json").json();
    List<Operation> ops = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
      while (methods.hasNext()) {
        Map.Entry<String, JsonNode> method = methods.next();
        List<String> query = new ArrayList<>();
        for (JsonNode p : method.getValue().path("parameters")) {
          if ("query".equals(p.path("in").asText())) {
            query.add(p.get("name").asText());
          }
        }
        ops.add(new Operation(method.getKey().toUpperCase(), path.getKey(), query));
      }
    }
    return ops;
  }

  @Test
  void noRequestBreaksTheApiOrChangesTheCatalogWhenRejected() throws Exception {
    List<Operation> ops = operations();
    assertThat(ops).as("operations in /openapi.json").hasSizeGreaterThan(40);
    Random random = new Random(SEED);
    List<String> failures = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    Map<String, String> before = snapshot();
    long started = System.nanoTime();
    for (int i = 0; i < REQUESTS && failures.size() < 20; i++) {
      Operation op = ops.get(i % ops.size()); // every operation gets its share
      String method =
          random.nextInt(10) < 8
              ? op.method()
              : pick(random, "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE");
      boolean read = method.equals("GET") || method.equals("HEAD");
      String path = fillPath(random, op.path(), read || method.equals("PUT"));
      String query = query(random, op.queryParams());
      String token =
          switch (random.nextInt(20)) {
            case 0 -> null;
            case 1 -> api.viewerToken();
            case 2 -> "wrong-" + api.adminToken();
            default -> api.adminToken();
          };
      boolean hasBody = !read && random.nextInt(10) > 0;
      String body = hasBody ? body(random) : null;
      String contentType =
          pick(
              random,
              "application/json",
              "application/json",
              "application/json",
              "application/yaml",
              "text/plain",
              "application/json; charset=utf-16",
              null);
      String what =
          "#"
              + i
              + " "
              + method
              + " "
              + path
              + query
              + " token="
              + tokenKind(token)
              + " type="
              + contentType
              + " body="
              + preview(body);
      Response r;
      try {
        r = api.as(token).send(method, path + query, body, contentType);
      } catch (RuntimeException e) {
        if (body == null || !(path.contains("%2F") || path.contains("%00"))) {
          failures.add(what + " -> client error " + e);
          continue;
        }
        // Jetty refuses such a path before reading the body and closes the connection, which a
        // client still sending a large body sees as a reset: ask again without the body
        r = api.as(token).send(method, path + query, null, contentType);
      }
      statuses.merge(r.status(), 1, Integer::sum);
      Map<String, String> after = snapshot();
      if (r.status() >= 500) {
        failures.add(what + " -> " + r.status() + " " + preview(r.body()));
      } else if (r.status() >= 400) {
        if (!method.equals("HEAD")
            && !(r.contentType().startsWith("application/problem+json")
                && !problemDetail(r).isBlank())) {
          failures.add(
              what + " -> " + r.status() + " without a problem detail: " + preview(r.body()));
        }
        if (!after.equals(before)) {
          failures.add(
              what + " -> " + r.status() + " but the catalog changed: " + diff(before, after));
        }
      }
      before = after;
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    System.out.printf(
        "fuzz: seed %d, %d operations, %d requests in %d s, statuses %s%n",
        SEED, ops.size(), REQUESTS, seconds, statuses);
    assertThat(failures).as("seed " + SEED + ", reproduce with -Dfuzz.seed=" + SEED).isEmpty();
    assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum())
        .isGreaterThanOrEqualTo(REQUESTS);
    // the fixtures survived: the fuzz hit real resources, not only 404s
    assertThat(api.get("/api/pipelines/" + VALID_IDS.get("pipelines")).status()).isEqualTo(200);
  }

  private static String problemDetail(Response r) {
    try {
      return r.json().path("detail").asText("");
    } catch (AssertionError e) {
      return "";
    }
  }

  private static String diff(Map<String, String> a, Map<String, String> b) {
    List<String> changed = new ArrayList<>();
    b.forEach(
        (k, v) -> {
          if (!v.equals(a.get(k))) {
            changed.add(k);
          }
        });
    return changed.toString();
  }

  private static String tokenKind(String token) {
    if (token == null) {
      return "none";
    }
    return token.equals(api.adminToken())
        ? "admin"
        : token.equals(api.viewerToken()) ? "viewer" : "wrong";
  }

  private static String preview(String text) {
    if (text == null) {
      return "none";
    }
    return text.length() > 160 ? text.substring(0, 160) + "...(" + text.length() + ")" : text;
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... values) {
    return values[random.nextInt(values.length)];
  }

  /**
   * Path parameters: a real resource now and then (only for reads and updates, so that no fixture
   * is deleted or pipeline started), otherwise unknown ids and hostile fragments.
   */
  private static String fillPath(Random random, String template, boolean mayUseValid) {
    StringBuilder out = new StringBuilder();
    for (String segment : template.substring(1).split("/")) {
      out.append('/');
      if (!(segment.startsWith("{") && segment.endsWith("}"))) {
        out.append(segment);
        continue;
      }
      String value;
      String collection = collectionOf(template, segment);
      if (mayUseValid && random.nextInt(3) == 0 && VALID_IDS.containsKey(collection)) {
        value = VALID_IDS.get(collection);
      } else if (segment.equals("{name}") && random.nextBoolean()) {
        value = pick(random, "items", "public.items", "missing");
      } else {
        value =
            switch (random.nextInt(6)) {
              case 0 -> UUID.randomUUID().toString();
              case 1 -> "x".repeat(1 + random.nextInt(3000));
              default -> pick(random, JUNK_TEXT);
            };
      }
      out.append(encode(value.isEmpty() ? "%20" : value));
    }
    return out.toString();
  }

  private static String collectionOf(String template, String segment) {
    String before = template.substring(0, template.indexOf(segment));
    String[] parts = before.split("/");
    return parts[parts.length - 1];
  }

  private static String query(Random random, List<String> params) {
    List<String> names = new ArrayList<>(params);
    if (random.nextInt(8) == 0) {
      names.add(pick(random, FIELDS));
    }
    StringBuilder q = new StringBuilder();
    for (String name : names) {
      if (random.nextBoolean()) {
        q.append(q.length() == 0 ? '?' : '&')
            .append(encode(name))
            .append('=')
            .append(
                encode(
                    random.nextInt(10) == 0
                        ? "9".repeat(random.nextInt(5000))
                        : pick(random, JUNK_TEXT)));
      }
    }
    return q.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String body(Random random) throws Exception {
    return switch (random.nextInt(12)) {
      case 0 -> "";
      case 1 ->
          pick(random, "{", "[1,2", "<xml/>", "\u0000", "name: [", "{\"a\":}", "---\n- x\n---\n{");
      case 2 -> JSON.writeValueAsString(junkValue(random, 0));
      case 3 -> "[".repeat(3000) + "]".repeat(3000);
      case 4 -> "{\"name\":\"" + "n".repeat(100_000 + random.nextInt(200_000)) + "\"}";
      default -> JSON.writeValueAsString(junkObject(random, 0));
    };
  }

  private static Map<String, Object> junkObject(Random random, int depth) {
    Map<String, Object> object = new LinkedHashMap<>();
    int fields = random.nextInt(8);
    for (int f = 0; f < fields; f++) {
      object.put(
          random.nextInt(10) == 0 ? pick(random, JUNK_TEXT) : pick(random, FIELDS),
          junkValue(random, depth + 1));
    }
    return object;
  }

  private static Object junkValue(Random random, int depth) {
    int kind = random.nextInt(depth > 3 ? 6 : 9);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> pick(random, -1, 0, 1, 65536, Integer.MIN_VALUE, Long.MAX_VALUE, 1e308, -0.5);
      case 3 -> "s".repeat(random.nextInt(3) == 0 ? 70_000 : random.nextInt(300));
      case 4, 5 -> pick(random, JUNK_TEXT);
      case 6 -> junkObject(random, depth);
      default -> {
        List<Object> list = new ArrayList<>();
        int n = random.nextInt(5);
        for (int j = 0; j < n; j++) {
          list.add(junkValue(random, depth + 1));
        }
        yield list;
      }
    };
  }
}
