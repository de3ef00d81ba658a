package io.cdcflow.api.flink;

import static io.cdcflow.api.flink.FlinkJson.text;
import static io.cdcflow.api.flink.FlinkJson.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/** One line of {@code GET /jobs/overview}. */
public record JobOverview(
    String id,
    String name,
    JobState state,
    Optional<Instant> startTime,
    Optional<Instant> endTime,
    Optional<Instant> lastModification) {

  static JobOverview fromJson(JsonNode json) {
    return new JobOverview(
        text(json, "jid"),
        text(json, "name"),
        JobState.parse(text(json, "state")),
        timestamp(json, "start-time"),
        timestamp(json, "end-time"),
        timestamp(json, "last-modification"));
  }
}
