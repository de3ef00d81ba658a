package io.cdcflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.server.CdcflowServer;
import io.cdcflow.api.server.ServerConfig;
import io.cdcflow.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real server on a free port, with its catalog in a fresh database of the shared test
 * PostgreSQL, and a small HTTP client for it. Tests talk HTTP, nothing else.
 */
public final class ApiTestServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CdcflowServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Path dataDir;
  private final String catalogDatabase;
  private final Map<String, String> env;

  private ApiTestServer(
      CdcflowServer server, Path dataDir, String catalogDatabase, Map<String, String> env) {
    this.server = server;
    this.dataDir = dataDir;
    this.catalogDatabase = catalogDatabase;
    this.env = Map.copyOf(env);
  }

  /**
   * A new server process on the same catalog, data directory and settings (a restart of the control
   * API); close this one first. The REST port is a new one.
   */
  public ApiTestServer restart() {
    return new ApiTestServer(
        CdcflowServer.start(ServerConfig.from(env)), dataDir, catalogDatabase, env);
  }

  public static ApiTestServer start() {
    return start(Map.of());
  }

  /** Starts with extra {@code CDCFLOW_*} settings on top of the test defaults. */
  public static ApiTestServer start(Map<String, String> extraEnv) {
    try {
      TestPostgres pg = TestPostgres.shared();
      String catalogDb = pg.createDatabase("catalog");
      Path dataDir = Files.createTempDirectory("cdcflow-api-test-");
      Map<String, String> env = new HashMap<>();
      env.put("CDCFLOW_PORT", "0");
      env.put("CDCFLOW_FLINK_UI_PORT", "0");
      env.put("CDCFLOW_DATA_DIR", dataDir.toString());
      env.put(
          "CDCFLOW_CATALOG_URL",
          "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + catalogDb);
      env.put("CDCFLOW_CATALOG_USER", pg.username());
      env.putAll(extraEnv);
      return new ApiTestServer(
          CdcflowServer.start(ServerConfig.from(env)), dataDir, catalogDb, env);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  /** The server itself, for the Java APIs without an HTTP face (data quality, alert engine). */
  public CdcflowServer server() {
    return server;
  }

  public String catalogDatabase() {
    return catalogDatabase;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stores a connection to a database of a test server; returns its id. */
  public String addConnection(
      String name, io.cdcflow.testing.TestDatabaseServer server, String database) {
    Response created =
        post(
            "/api/connections",
            Map.of(
                "name", name,
                "type", server.type().id(),
                "host", server.host(),
                "port", server.port(),
                "database", database,
                "username", server.username(),
                "password", server.password()));
    if (created.status() != 201) {
      throw new AssertionError("connection " + name + " not created: " + created);
    }
    return created.json().get("id").asText();
  }

  public Response get(String path) {
    return send("GET", path, null);
  }

  public Response delete(String path) {
    return send("DELETE", path, null);
  }

  public Response post(String path, Object body) {
    return send("POST", path, body);
  }

  public Response put(String path, Object body) {
    return send("PUT", path, body);
  }

  public Response postYaml(String path, String yaml) {
    return send("POST", path, yaml, "application/yaml");
  }

  /** Sends a request; a String body goes as is (for malformed JSON), anything else as JSON. */
  public Response send(String method, String path, Object body) {
    return send(method, path, body, "application/json");
  }

  public Response send(String method, String path, Object body, String contentType) {
    try {
      String text =
          body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl() + path))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", contentType)
              .method(method, HttpRequest.BodyPublishers.ofString(text))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }

  /** An HTTP answer with its body parsed when it is JSON. */
  public record Response(int status, String contentType, String body) {

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
