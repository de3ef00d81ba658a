package io.cdcflow.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The launcher's client subcommands ({@code apply}, {@code get}, {@code start}, {@code stop},
 * {@code status}): thin wrappers over the REST API at {@code CDCFLOW_URL} (default
 * http://localhost:8000), authenticated with {@code CDCFLOW_API_TOKEN} when set.
 */
public final class CliCommands {

  private final String baseUrl;
  private final String token;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  public CliCommands(String baseUrl, String token, PrintStream out) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
    this.out = out;
  }

  /** Runs one command; returns the process exit code (0 ok, 1 failed, 2 usage). */
  public int run(List<String> args) {
    try {
      return switch (args.get(0)) {
        case "apply" -> apply(args.subList(1, args.size()));
        case "get" -> get(args.subList(1, args.size()));
        case "start",
            "stop",
            "status",
            "recover",
            "validate",
            "resnapshots",
            "verification",
            "repair" ->
            action(args.get(0), args.subList(1, args.size()));
        case "resnapshot" -> resnapshot(args.subList(1, args.size()));
        default -> usage("unknown command " + args.get(0));
      };
    } catch (IOException e) {
      out.println("error: cannot reach " + baseUrl + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private int apply(List<String> args) throws IOException, InterruptedException {
    Path path = null;
    boolean start = false;
    for (int i = 0; i < args.size(); i++) {
      switch (args.get(i)) {
        case "-f", "--file" -> path = i + 1 < args.size() ? Path.of(args.get(++i)) : null;
        case "--start" -> start = true;
        default -> {
          return usage("unexpected argument " + args.get(i));
        }
      }
    }
    if (path == null) {
      return usage("apply needs -f <file-or-folder>");
    }
    if (!Files.exists(path)) {
      out.println("error: " + path + " does not exist");
      return 1;
    }
    List<String> documents = new ArrayList<>();
    for (Path file : definitionFiles(path)) {
      documents.add(Files.readString(file));
    }
    if (documents.isEmpty()) {
      out.println("error: no .yaml, .yml or .json files in " + path);
      return 1;
    }
    String body = String.join("\n---\n", documents);
    HttpResponse<String> response =
        send(
            "POST",
            "/api/pipelines/batch" + (start ? "?start=true" : ""),
            body,
            "application/yaml");
    if (response.statusCode() != 200) {
      return problem(response);
    }
    for (JsonNode outcome : json.readTree(response.body())) {
      out.printf("pipeline/%s %s%n", outcome.get("name").asText(), outcome.get("action").asText());
    }
    return 0;
  }

  private int get(List<String> args) throws IOException, InterruptedException {
    if (args.isEmpty()) {
      return usage("get needs pipelines or connections");
    }
    String what = args.get(0).toLowerCase(Locale.ROOT);
    if (what.startsWith("pipeline")) {
      HttpResponse<String> response = send("GET", "/api/pipelines", null, null);
      if (response.statusCode() != 200) {
        return problem(response);
      }
      out.printf("%-32s %-18s %-14s %-20s %s%n", "NAME", "MODE", "STATE", "SOURCE", "TARGET");
      for (JsonNode p : json.readTree(response.body())) {
        out.printf(
            "%-32s %-18s %-14s %-20s %s%n",
            p.get("name").asText(),
            p.get("mode").asText(),
            p.get("state").asText(),
            p.at("/source/name").asText(),
            p.at("/target/name").asText());
      }
      return 0;
    }
    if (what.startsWith("connection")) {
      HttpResponse<String> response = send("GET", "/api/connections", null, null);
      if (response.statusCode() != 200) {
        return problem(response);
      }
      out.printf("%-32s %-9s %s%n", "NAME", "TYPE", "ADDRESS");
      for (JsonNode c : json.readTree(response.body())) {
        out.printf(
            "%-32s %-9s %s:%s/%s%n",
            c.get("name").asText(),
            c.get("type").asText(),
            c.get("host").asText(),
            c.get("port").asText(),
            c.path("database").asText(""));
      }
      return 0;
    }
    return usage("get needs pipelines or connections, not " + what);
  }

  private int action(String verb, List<String> args) throws IOException, InterruptedException {
    if (args.size() != 1) {
      return usage(verb + " needs one pipeline name");
    }
    boolean reads = Set.of("status", "resnapshots", "verification").contains(verb);
    return call(reads ? "GET" : "POST", "/api/pipelines/" + encode(args.get(0)) + "/" + verb);
  }

  /** Copies one table of a streaming pipeline again, inside its running job. */
  private int resnapshot(List<String> args) throws IOException, InterruptedException {
    if (args.size() == 2 && args.get(1).equals("--all")) {
      // the whole pipeline afresh, target tables emptied: asked for by name, never by default
      return call("POST", "/api/pipelines/" + encode(args.get(0)) + "/resnapshot");
    }
    if (args.size() != 2) {
      return usage("resnapshot needs a pipeline name and a table, or --all");
    }
    return call(
        "POST",
        "/api/pipelines/" + encode(args.get(0)) + "/tables/" + encode(args.get(1)) + "/resnapshot");
  }

  /** Sends the request and prints the answer's JSON, or the problem. */
  private int call(String method, String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(method, path, method.equals("GET") ? null : "", "application/json");
    if (response.statusCode() / 100 != 2) {
      return problem(response);
    }
    out.println(json.readTree(response.body()).toPrettyString());
    return 0;
  }

  private HttpResponse<String> send(String method, String path, String body, String contentType)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofMinutes(5))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private int problem(HttpResponse<String> response) throws IOException {
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (IOException e) {
      out.println("error: HTTP " + response.statusCode());
      return 1;
    }
    out.println(
        "error: "
            + body.path("title").asText("HTTP " + response.statusCode())
            + ": "
            + body.path("detail").asText(""));
    for (JsonNode field : body.path("errors")) {
      out.println("  " + field.path("field").asText() + ": " + field.path("reason").asText());
    }
    return 1;
  }

  private int usage(String problem) {
    out.println("error: " + problem);
    out.println(
        """
        usage: cdcflow apply -f <file-or-folder> [--start]
               cdcflow get pipelines|connections
               cdcflow start|stop|status|recover|validate|resnapshots <pipeline>
               cdcflow verification|repair <pipeline>
               cdcflow resnapshot <pipeline> <table>|--all""");
    return 2;
  }

  private static List<Path> definitionFiles(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> files = Files.list(path)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().matches(".*\\.(ya?ml|json)$"))
          .sorted()
          .toList();
    }
  }

  private static String encode(String name) {
    return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
