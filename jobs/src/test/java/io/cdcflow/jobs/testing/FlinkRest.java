package io.cdcflow.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;

/** Reads job and operator metrics through Flink's REST API, as the monitoring side will. */
public final class FlinkRest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;

  public FlinkRest(URI base) {
    this.base = base;
  }

  public JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** POSTs a JSON body; the answer's JSON. */
  public JsonNode post(String path, JsonNode body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** A job-level metric, e.g. numRestarts. */
  public long jobMetric(JobID job, String name) throws Exception {
    JsonNode values = get("/jobs/" + job + "/metrics?get=" + name);
    return values.isEmpty() ? -1 : values.get(0).path("value").asLong();
  }

  /** The vertex whose name contains {@code part}. */
  public String vertex(JobID job, String part) throws Exception {
    for (JsonNode v : get("/jobs/" + job).path("vertices")) {
      if (v.path("name").asText().contains(part)) {
        return v.path("id").asText();
      }
    }
    throw new IllegalStateException("no vertex named like " + part);
  }

  /** Operator metric ids of a vertex that end with {@code suffix}. */
  public List<String> metricIds(JobID job, String vertex, String suffix) throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonNode m : get("/jobs/" + job + "/vertices/" + vertex + "/subtasks/metrics")) {
      if (m.path("id").asText().endsWith(suffix)) {
        ids.add(m.path("id").asText());
      }
    }
    return ids;
  }

  /** A metric summed over the vertex's subtasks. */
  public double sum(JobID job, String vertex, String id) throws Exception {
    JsonNode values =
        get(
            "/jobs/"
                + job
                + "/vertices/"
                + vertex
                + "/subtasks/metrics?agg=sum&get="
                + URLEncoder.encode(id, StandardCharsets.UTF_8));
    return values.isEmpty() ? -1 : values.get(0).path("sum").asDouble();
  }
}
