package io.cdcflow.api.flink;

import static io.cdcflow.api.flink.FlinkJson.intValue;
import static io.cdcflow.api.flink.FlinkJson.list;
import static io.cdcflow.api.flink.FlinkJson.text;
import static io.cdcflow.api.flink.FlinkJson.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code GET /jobs/:jid}: a job's state and its vertices. */
public record JobDetails(
    String id,
    String name,
    JobState state,
    Optional<Instant> startTime,
    Optional<Instant> endTime,
    List<Vertex> vertices) {

  public JobDetails {
    vertices = List.copyOf(vertices);
  }

  /** One job vertex (a chain of operators); {@code status} is Flink's execution state. */
  public record Vertex(String id, String name, int parallelism, String status) {

    static Vertex fromJson(JsonNode json) {
      return new Vertex(
          text(json, "id"),
          text(json, "name"),
          intValue(json, "parallelism", 0),
          text(json, "status"));
    }
  }

  /** The job is RUNNING and so is every vertex: it processes data and can checkpoint. */
  public boolean isFullyRunning() {
    return state == JobState.RUNNING
        && !vertices.isEmpty()
        && vertices.stream().allMatch(v -> "RUNNING".equals(v.status()));
  }

  static JobDetails fromJson(JsonNode json) {
    return new JobDetails(
        text(json, "jid"),
        text(json, "name"),
        JobState.parse(text(json, "state")),
        timestamp(json, "start-time"),
        timestamp(json, "end-time"),
        list(json, "vertices", Vertex::fromJson));
  }
}
