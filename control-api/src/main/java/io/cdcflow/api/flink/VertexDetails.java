package io.cdcflow.api.flink;

import static io.cdcflow.api.flink.FlinkJson.intValue;
import static io.cdcflow.api.flink.FlinkJson.list;
import static io.cdcflow.api.flink.FlinkJson.optionalText;
import static io.cdcflow.api.flink.FlinkJson.text;
import static io.cdcflow.api.flink.FlinkJson.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code GET /jobs/:jid/vertices/:vid}: a job vertex and the state of each of its subtasks. */
public record VertexDetails(String id, String name, int parallelism, List<Subtask> subtasks) {

  public VertexDetails {
    subtasks = List.copyOf(subtasks);
  }

  /**
   * One parallel instance: Flink's execution state, its attempt (restarts of this subtask) and
   * where it runs.
   */
  public record Subtask(
      int index,
      String status,
      int attempt,
      Optional<String> endpoint,
      Optional<Instant> startTime) {

    static Subtask fromJson(JsonNode json) {
      return new Subtask(
          intValue(json, "subtask", 0),
          text(json, "status"),
          intValue(json, "attempt", 0),
          optionalText(json, "endpoint"),
          timestamp(json, "start-time"));
    }
  }

  static VertexDetails fromJson(JsonNode json) {
    return new VertexDetails(
        text(json, "id"),
        text(json, "name"),
        intValue(json, "parallelism", 0),
        list(json, "subtasks", Subtask::fromJson));
  }
}
