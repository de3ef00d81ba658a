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
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real server on a free port, with its catalog in a fresh database of the shared test
 * PostgreSQL, and a small HTTP client for it. Tests talk HTTP, nothing else.
 *
 * <p>The server runs with authentication on: a random admin token ({@code CDCFLOW_API_TOKEN}) and
 * viewer token ({@code CDCFLOW_VIEWER_TOKEN}) unless the test sets its own; the helpers send the
 * admin token, and {@link #as(String)} sends another one or none.
 */
public final class ApiTestServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private volatile CdcflowServer server;
  private boolean closed;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Path dataDir;
  private final String catalogDatabase;
  private final String adminToken;
  private final String viewerToken;
  private final Client admin;
  private final Map<String, String> environment;

  private ApiTestServer(
      CdcflowServer server,
      Path dataDir,
      String catalogDatabase,
      String adminToken,
      String viewerToken,
      Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    this.server = server;
    this.dataDir = dataDir;
    this.catalogDatabase = catalogDatabase;
    this.adminToken = adminToken;
    this.viewerToken = viewerToken;
    this.admin = new Client(adminToken);
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
      env.put("CDCFLOW_API_TOKEN", "test-admin-" + UUID.randomUUID());
      env.put("CDCFLOW_VIEWER_TOKEN", "test-viewer-" + UUID.randomUUID());
      env.putAll(extraEnv);
      return new ApiTestServer(
          CdcflowServer.start(ServerConfig.from(env)),
          dataDir,
          catalogDb,
          env.get("CDCFLOW_API_TOKEN"),
          env.get("CDCFLOW_VIEWER_TOKEN"),
          env);
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

  /** The CDCFLOW_* settings the server started with (to run a command against its catalog). */
  public Map<String, String> environment() {
    return environment;
  }

  /** The admin token the helpers send (blank when the test turned authentication off). */
  public String adminToken() {
    return adminToken;
  }

  /** A read-only token. */
  public String viewerToken() {
    return viewerToken;
  }

  /** A client sending this token, or no Authorization header at all when it is null. */
  public Client as(String token) {
    return new Client(token);
  }

  public Response get(String path) {
    return admin.get(path);
  }

  /** The status of the pipeline at {@code pipelinePath} ({@code /api/pipelines/<name>}) once in. */
  public JsonNode awaitState(String pipelinePath, String state) {
    return Eventually.satisfies(
        "the pipeline " + state,
        () -> get(pipelinePath + "/status").json(),
        s -> s.get("state").asText().equals(state));
  }

  public Response delete(String path) {
    return admin.delete(path);
  }

  public Response post(String path, Object body) {
    return admin.post(path, body);
  }

  public Response put(String path, Object body) {
    return admin.put(path, body);
  }

  public Response postYaml(String path, String yaml) {
    return admin.send("POST", path, yaml, "application/yaml");
  }

  /** Sends a request; a String body goes as is (for malformed JSON), anything else as JSON. */
  public Response send(String method, String path, Object body) {
    return admin.send(method, path, body);
  }

  public Response send(String method, String path, Object body, String contentType) {
    return admin.send(method, path, body, contentType);
  }

  /** Requests with one token (or none). */
  public final class Client {

    private final String token;

    private Client(String token) {
      this.token = token;
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

    public Response send(String method, String path, Object body) {
      return send(method, path, body, "application/json");
    }

    public Response send(String method, String path, Object body, String contentType) {
      return send(method, path, body, contentType, Map.of());
    }

    /** With extra request headers (Origin, a forged Authorization...). */
    public Response send(
        String method, String path, Object body, String contentType, Map<String, String> headers) {
      try {
        String text =
            body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.ofString(text));
        if (contentType != null) {
          request.header("Content-Type", contentType);
        }
        if (token != null && !token.isBlank()) {
          request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(
            response.statusCode(),
            response.headers().firstValue("Content-Type").orElse(""),
            response.body(),
            response.headers().map());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * A restart of the control API: stops the server unless {@link #close()} already did, and starts
   * a new one on the same catalog, data directory and settings (on another port; {@link #baseUrl()}
   * follows). Returns this.
   */
  public ApiTestServer restart() {
    close();
    server = CdcflowServer.start(ServerConfig.from(environment));
    closed = false;
    return this;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      server.close();
    }
  }

  /** An HTTP answer with its body parsed when it is JSON. */
  public record Response(
      int status, String contentType, String body, Map<String, List<String>> headers) {

    public Response(int status, String contentType, String body) {
      this(status, contentType, body, Map.of());
    }

    /** The first value of a response header (case-insensitive name), empty when absent. */
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse("");
    }

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
