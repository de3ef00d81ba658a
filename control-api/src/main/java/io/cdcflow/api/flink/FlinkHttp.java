package io.cdcflow.api.flink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * HTTP to one Flink REST endpoint: JSON answers in, {@link FlinkClusterException} out for Flink's
 * {@code {"errors": [...]}} bodies, for answers that are not JSON and for no answer at all.
 */
final class FlinkHttp {

  private static final Pattern REST_EXCEPTION =
      Pattern.compile(
          "^org\\.apache\\.flink\\.runtime\\.rest\\."
              + "(?:handler\\.RestHandlerException|NotFoundException): ");
  private static final String SERVER_SIDE = "<Exception on server side:";
  private static final String CAUSED_BY = "Caused by: ";

  private final URI baseUrl;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  FlinkHttp(URI baseUrl, Duration connectTimeout, Duration requestTimeout) {
    this.baseUrl = baseUrl;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  ObjectMapper json() {
    return json;
  }

  JsonNode get(String path) {
    return call("GET", path, BodyPublishers.noBody(), null, requestTimeout);
  }

  JsonNode send(String method, String path, JsonNode body) {
    return call(method, path, jsonBody(body), "application/json", requestTimeout);
  }

  JsonNode send(String method, String path, JsonNode body, Duration timeout) {
    return call(method, path, jsonBody(body), "application/json", timeout);
  }

  JsonNode sendEmpty(String method, String path) {
    return call(method, path, BodyPublishers.noBody(), null, requestTimeout);
  }

  /** The JSON answer (MissingNode for an empty one) to a 2xx, or an exception for anything else. */
  JsonNode call(
      String method, String path, BodyPublisher body, String contentType, Duration timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("Accept", "application/json")
            .method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw FlinkClusterException.unreachable(
          "The Flink cluster at "
              + baseUrl
              + " did not accept a connection within "
              + connectTimeout,
          e);
    } catch (HttpTimeoutException e) {
      throw FlinkClusterException.unreachable(
          "The Flink cluster at "
              + baseUrl
              + " did not answer "
              + method
              + " "
              + path
              + " within "
              + timeout,
          e);
    } catch (ConnectException e) {
      throw FlinkClusterException.unreachable(
          "The Flink cluster at " + baseUrl + " is unreachable (connection refused)", e);
    } catch (IOException e) {
      throw FlinkClusterException.unreachable(
          "The Flink cluster at "
              + baseUrl
              + " is unreachable: "
              + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FlinkClusterException.unreachable(
          "Interrupted while calling the Flink cluster at " + baseUrl, e);
    }
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    if (status >= 200 && status < 300) {
      return parse(method, path, status, text);
    }
    List<String> errors = errors(text);
    String reason =
        errors.isEmpty()
            ? FlinkJson.abbreviate(text)
            : errors.stream().map(FlinkHttp::summarize).collect(Collectors.joining("; "));
    throw new FlinkClusterException(
        "Flink answered " + status + " to " + method + " " + path + ": " + reason,
        status,
        errors,
        null);
  }

  /**
   * One line out of a Flink error text, which is often a whole server-side stack trace: its first
   * line without Flink's REST exception class, plus the deepest "Caused by".
   */
  static String summarize(String error) {
    String text = error.strip();
    if (text.startsWith(SERVER_SIDE)) {
      text = text.substring(SERVER_SIDE.length()).strip();
    }
    String[] lines = text.split("\\R");
    String first = REST_EXCEPTION.matcher(lines[0]).replaceFirst("");
    String rootCause = null;
    for (String line : lines) {
      String stripped = line.strip();
      if (stripped.startsWith(CAUSED_BY)) {
        rootCause = REST_EXCEPTION.matcher(stripped.substring(CAUSED_BY.length())).replaceFirst("");
      }
    }
    return rootCause == null || first.contains(rootCause)
        ? first
        : first + " (caused by " + rootCause + ")";
  }

  private JsonNode parse(String method, String path, int status, String text) {
    if (text.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new FlinkClusterException(
          "Flink answered "
              + method
              + " "
              + path
              + " with something that is not JSON: "
              + FlinkJson.abbreviate(text),
          status,
          List.of(),
          e);
    }
  }

  private List<String> errors(String body) {
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.path("errors").isArray()) {
        List<String> errors = new ArrayList<>();
        node.get("errors").forEach(e -> errors.add(e.asText()));
        return errors;
      }
    } catch (JsonProcessingException e) {
      // not Flink's error body (a proxy, a plain-text answer): the caller shows the text
    }
    return List.of();
  }

  private BodyPublisher jsonBody(JsonNode body) {
    try {
      return BodyPublishers.ofString(json.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
