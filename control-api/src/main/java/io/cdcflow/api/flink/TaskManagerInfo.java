package io.cdcflow.api.flink;

import static io.cdcflow.api.flink.FlinkJson.intValue;
import static io.cdcflow.api.flink.FlinkJson.text;
import static io.cdcflow.api.flink.FlinkJson.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/** One registered TaskManager ({@code GET /taskmanagers}). */
public record TaskManagerInfo(
    String id, int slots, int freeSlots, Optional<Instant> lastHeartbeat) {

  static TaskManagerInfo fromJson(JsonNode json) {
    return new TaskManagerInfo(
        text(json, "id"),
        intValue(json, "slotsNumber", 0),
        intValue(json, "freeSlots", 0),
        timestamp(json, "timeSinceLastHeartbeat"));
  }
}
