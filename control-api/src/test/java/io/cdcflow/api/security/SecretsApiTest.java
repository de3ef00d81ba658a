package io.cdcflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import io.cdcflow.api.Eventually;
import io.cdcflow.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A unique connection password is searched for everywhere it must not be after a full scenario
 * (connections, discovery, a PG to PG pipeline running on the embedded Flink cluster, monitoring,
 * errors): every API response body, the server log, the Flink REST API's job, config, plan and
 * cluster pages, the catalog tables and the data directory. The pipeline also copies a column named
 * like an injection, which lands literally.
 */
class SecretsApiTest {

  static final String PASSWORD = "Pw-" + UUID.randomUUID() + "-s3cret";
  static final String USER = "sec_" + UUID.randomUUID().toString().substring(0, 8);
  static final String EVIL_COLUMN = "note\"; DROP TABLE victims; --";

  static TestPostgres pg;
  static String sourceDb;
  static String targetDb;
  static ApiTestServer api;
  static ListAppender<ILoggingEvent> log;
  static final List<String> bodies = new ArrayList<>();

  @BeforeAll
  static void start() {
    log = new ListAppender<>();
    log.start();
    root().addAppender(log);
    pg = TestPostgres.shared();
    sourceDb = pg.createDatabase("sec_src");
    targetDb = pg.createDatabase("sec_dst");
    pg.execute(
        "postgres",
        "CREATE ROLE " + USER + " LOGIN SUPERUSER REPLICATION PASSWORD '" + PASSWORD + "'");
    pg.execute(
        sourceDb,
        "CREATE TABLE public.victims (id int PRIMARY KEY)",
        "CREATE TABLE public.accounts (id int PRIMARY KEY, balance int NOT NULL, \"note\"\"; DROP"
            + " TABLE victims; --\" text)",
        "INSERT INTO public.accounts SELECT g, g * 10, 'row ' || g FROM generate_series(1, 200) g");
    pg.execute(targetDb, "CREATE TABLE public.victims (id int PRIMARY KEY)");
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
    root().detachAppender(log);
  }

  private static Logger root() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory())
        .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static Response call(Response r) {
    bodies.add(r.status() + " " + r.body());
    return r;
  }

  private static Map<String, Object> connection(String name, String database) {
    Map<String, Object> c = new HashMap<>();
    c.put("name", name);
    c.put("type", "postgres");
    c.put("host", pg.host());
    c.put("port", pg.port());
    c.put("database", database);
    c.put("username", USER);
    c.put("password", PASSWORD);
    return c;
  }

  @Test
  void thePasswordAppearsNowhereItShouldNot() throws Exception {
    // connections, including the error paths that see the password
    assertThat(call(api.post("/api/connections", connection("sec-src", sourceDb))).status())
        .isEqualTo(201);
    assertThat(call(api.post("/api/connections", connection("sec-dst", targetDb))).status())
        .isEqualTo(201);
    call(api.post("/api/connections", connection("sec-src", sourceDb))); // duplicate: 409
    Map<String, Object> closed = connection("sec-closed", "nowhere");
    closed.put("port", 1);
    call(api.post("/api/connections/test", closed));
    Map<String, Object> badType = connection("sec-bad", sourceDb);
    badType.put("port", "not a port");
    call(api.post("/api/connections", badType));
    Map<String, Object> wrapped = connection("sec-bad", sourceDb);
    wrapped.put("password", Map.of("value", PASSWORD));
    call(api.post("/api/connections", wrapped));
    call(api.put("/api/connections/sec-dst", connection("sec-dst", targetDb)));
    call(api.get("/api/connections"));
    call(api.get("/api/connections/sec-src"));
    call(api.post("/api/connections/sec-src/test", null));
    call(api.get("/api/connections/sec-src/test/history"));
    call(api.get("/api/connections/sec-src/databases"));
    call(api.get("/api/connections/sec-src/tables?schema=public"));
    call(api.get("/api/connections/sec-src/table/accounts/schema?schema=public"));
    call(api.get("/api/connections/sec-src/discover?schema=public"));

    // a pipeline, run on the embedded Flink cluster
    Response created =
        call(
            api.post(
                "/api/pipelines",
                Map.of(
                    "name", "sec-accounts",
                    "source", "sec-src",
                    "target", "sec-dst",
                    "mode", "FULL_LOAD_AND_CDC",
                    "tables", Map.of("include", List.of("public.accounts")),
                    "options", Map.of("parallelism", 1, "checkpoint_interval_seconds", 2))));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    call(api.post("/api/pipelines/sec-accounts/validate", null));
    call(api.get("/api/pipelines/sec-accounts/tables/preview"));
    call(api.get("/api/pipelines/sec-accounts/tables/mapping"));
    call(api.get("/api/pipelines/sec-accounts/schema/diff"));
    Response started = call(api.post("/api/pipelines/sec-accounts/start", null));
    assertThat(started.status()).as(started.toString()).isEqualTo(200);
    String jobId = started.json().get("flink_job_id").asText();
    pg.execute(sourceDb, "UPDATE public.accounts SET balance = balance + 1 WHERE id <= 20");
    Eventually.sameRows(pg, sourceDb, targetDb, "public.accounts", "");
    assertThat(
            pg.queryString(
                targetDb,
                "SELECT count(\"note\"\"; DROP TABLE victims; --\") FROM public.accounts"))
        .isEqualTo("200");
    assertThat(pg.queryString(targetDb, "SELECT to_regclass('public.victims')::text"))
        .isEqualTo("victims");
    assertThat(pg.queryString(sourceDb, "SELECT to_regclass('public.victims')::text"))
        .isEqualTo("victims");

    call(api.get("/api/pipelines"));
    call(api.get("/api/pipelines/sec-accounts"));
    call(api.get("/api/pipelines/sec-accounts/status"));
    call(api.get("/api/monitoring/dashboard"));
    call(api.get("/api/monitoring/pipelines/sec-accounts/metrics"));
    call(api.get("/api/monitoring/pipelines/sec-accounts/health"));
    call(api.get("/api/monitoring/pipelines/sec-accounts/data-quality"));
    call(api.get("/api/monitoring/health"));
    call(api.get("/metrics"));
    call(api.get("/openapi.json"));

    // what the Flink dashboard shows about the running job and the cluster
    String flink = api.server().flink().baseUrl().toString().replaceAll("/$", "");
    List<String> flinkPages = new ArrayList<>();
    for (String page :
        List.of(
            "/jobs/overview",
            "/jobs/" + jobId,
            "/jobs/" + jobId + "/config",
            "/jobs/" + jobId + "/plan",
            "/jobs/" + jobId + "/exceptions",
            "/jobs/" + jobId + "/checkpoints/config",
            "/jobmanager/config",
            "/jobmanager/environment",
            "/taskmanagers",
            "/jars")) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(flink + page)).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(page).isEqualTo(200);
      flinkPages.add(page + " " + response.body());
    }
    JsonNode config = new ObjectMapper().readTree(flinkPages.get(2).split(" ", 2)[1]);
    assertThat(config.path("execution-config").isObject()).as(config.toString()).isTrue();
    assertThat(flinkPages.get(1)).contains("sec-accounts");

    Response stopped = call(api.post("/api/pipelines/sec-accounts/stop", null));
    assertThat(stopped.status()).as(stopped.toString()).isEqualTo(200);

    String secretKey = Files.readString(api.dataDir().resolve("secret.key")).trim();
    for (String body : bodies) {
      assertThat(body).doesNotContain(PASSWORD).doesNotContain(secretKey);
    }
    for (String page : flinkPages) {
      assertThat(page).doesNotContain(PASSWORD).doesNotContain(secretKey);
    }
    assertThat(bodies).hasSizeGreaterThan(30);

    // the server log (and everything else logged in this JVM meanwhile)
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(log.list)) {
      lines.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
    assertThat(lines).hasSizeGreaterThan(10);
    for (String line : lines) {
      assertThat(line).doesNotContain(PASSWORD).doesNotContain(api.adminToken());
    }

    // the catalog: ciphertext only
    try (Connection c = pg.connect(api.catalogDatabase());
        Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = 'cdcflow'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        try (ResultSet rs = st.executeQuery("SELECT t::text FROM cdcflow.\"" + table + "\" t")) {
          while (rs.next()) {
            assertThat(rs.getString(1)).as(table).doesNotContain(PASSWORD);
          }
        }
      }
    }

    // the data directory: checkpoints, savepoints, the key file
    byte[] needle = PASSWORD.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(api.dataDir())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (Files.size(file) < 50_000_000) {
          assertThat(indexOf(Files.readAllBytes(file), needle)).as(file.toString()).isEqualTo(-1);
        }
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
