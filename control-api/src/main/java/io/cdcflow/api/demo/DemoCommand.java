package io.cdcflow.api.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.security.TokenSetup;
import io.cdcflow.api.server.CdcflowServer;
import io.cdcflow.api.server.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * {@code ./cdcflow demo}: the platform on embedded defaults plus an embedded source and target
 * PostgreSQL with a sample shop, a running FULL_LOAD_AND_CDC pipeline between them, a steady stream
 * of changes at the source, and progress in the terminal until Ctrl-C. Its state lives in {@code
 * DATA_DIR/demo} and is recreated on every run.
 */
public final class DemoCommand {

  private static final List<String> TABLES =
      List.of("customers", "products", "orders", "order_lines");

  private final PrintStream out;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private String token;

  private final java.util.function.Consumer<Runnable> shutdownHandler;

  /**
   * @param shutdownHandler registers what to run on Ctrl-C
   */
  public DemoCommand(PrintStream out, java.util.function.Consumer<Runnable> shutdownHandler) {
    this.out = out;
    this.shutdownHandler = shutdownHandler;
  }

  public void run(Map<String, String> environment) throws Exception {
    Map<String, String> env = new HashMap<>(environment);
    Path dataDir =
        Path.of(env.getOrDefault("CDCFLOW_DATA_DIR", "./data"))
            .toAbsolutePath()
            .normalize()
            .resolve("demo");
    deleteRecursively(dataDir);
    env.put("CDCFLOW_DATA_DIR", dataDir.toString());
    env.remove("CDCFLOW_CATALOG_URL");
    // the demo talks to its own API with an admin token: the operator's, or one made up here
    token =
        env.getOrDefault("CDCFLOW_API_TOKEN", "").isBlank()
            ? TokenSetup.newToken()
            : env.get("CDCFLOW_API_TOKEN").trim();
    env.put("CDCFLOW_API_TOKEN", token);

    out.println("cdcflow demo: starting the platform, a source and a target PostgreSQL...");
    DemoDatabases databases = DemoDatabases.start(dataDir);
    CdcflowServer server = CdcflowServer.start(ServerConfig.from(env));
    ChangeGenerator generator = new ChangeGenerator(databases.source.getPostgresDatabase());
    CountDownLatch done = new CountDownLatch(1);
    shutdownHandler.accept(
        () -> {
          out.println("\ncdcflow demo: stopping (the pipeline takes a savepoint)...");
          generator.stop();
          try {
            call("POST", server.baseUrl() + "/api/pipelines/demo-shop/stop", null);
          } catch (RuntimeException e) {
            out.println("could not stop the pipeline: " + e.getMessage());
          }
          server.close();
          try {
            databases.close();
          } catch (IOException e) {
            out.println("could not stop the demo databases: " + e.getMessage());
          }
          done.countDown();
        });

    out.println(
        "cdcflow demo: loading sample data (50,000 customers, 5,000 products, 100,000 orders, 200,000 order lines)...");
    databases.loadSampleData();
    String api = server.baseUrl();
    call(
        "POST",
        api + "/api/connections",
        Map.of(
            "name",
            "demo-source",
            "type",
            "postgres",
            "host",
            "localhost",
            "port",
            databases.source.getPort(),
            "database",
            "postgres",
            "username",
            "postgres"));
    call(
        "POST",
        api + "/api/connections",
        Map.of(
            "name",
            "demo-target",
            "type",
            "postgres",
            "host",
            "localhost",
            "port",
            databases.target.getPort(),
            "database",
            "postgres",
            "username",
            "postgres"));
    call(
        "POST",
        api + "/api/pipelines",
        Map.of(
            "name",
            "demo-shop",
            "source",
            "demo-source",
            "target",
            "demo-target",
            "mode",
            "FULL_LOAD_AND_CDC",
            "description",
            "the demo shop, copied and kept in sync",
            "tables",
            Map.of("include", List.of("shop.*")),
            "options",
            Map.of("parallelism", 2, "chunk_size", 20000, "checkpoint_interval_seconds", 5)));
    JsonNode started = call("POST", api + "/api/pipelines/demo-shop/start", null);
    out.println();
    out.println("  REST API + Swagger UI   " + api + "/docs");
    out.println("  Flink dashboard         " + server.flink().baseUrl());
    if (!environment.getOrDefault("CDCFLOW_API_TOKEN", "").equals(token)) {
      out.println(
          "  API token (admin)       "
              + token
              + "   (this run only; curl -H 'Authorization: Bearer ...')");
    }
    out.println("  pipeline status         " + api + "/api/pipelines/demo-shop/status");
    out.println("  Flink job               " + started.path("flink_job_id").asText());
    out.println("  Ctrl-C stops everything.");
    out.println();
    new Thread(generator, "demo-changes").start();
    while (done.getCount() > 0) {
      printProgress(api, databases, generator);
      done.await(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private void printProgress(String api, DemoDatabases databases, ChangeGenerator generator) {
    try {
      JsonNode status = call("GET", api + "/api/pipelines/demo-shop/status", null);
      StringBuilder line = new StringBuilder(String.format("%-13s", status.path("state").asText()));
      long behind = 0;
      for (String table : TABLES) {
        long source = count(databases.source.getPostgresDatabase(), table);
        long target = count(databases.target.getPostgresDatabase(), table);
        behind += Math.abs(source - target);
        line.append(String.format(" %s %,d/%,d", table, target, source));
      }
      line.append(
          String.format(
              "  | %,d changes written, rows differing %,d", generator.changes(), behind));
      out.println(line);
    } catch (RuntimeException e) {
      out.println("progress unavailable: " + e.getMessage());
    }
  }

  private static long count(DataSource db, String table) {
    try (Connection c = db.getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM shop." + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  private JsonNode call(String method, String url, Object body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofMinutes(3))
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + token)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode answer =
          response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            method
                + " "
                + url
                + " answered "
                + response.statusCode()
                + ": "
                + answer.path("detail").asText(response.body()));
      }
      return answer;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
