package io.cdcflow.api.flink;

import static io.cdcflow.api.flink.FlinkJson.booleanValue;
import static io.cdcflow.api.flink.FlinkJson.intValue;
import static io.cdcflow.api.flink.FlinkJson.longValue;
import static io.cdcflow.api.flink.FlinkJson.object;
import static io.cdcflow.api.flink.FlinkJson.optionalText;
import static io.cdcflow.api.flink.FlinkJson.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /jobs/:jid/checkpoints}: how many checkpoints were taken, the latest completed one
 * (its {@code externalPath} is what a recovery restores from, when checkpoints are retained), the
 * latest savepoint, and what the job restored from when it started.
 */
public record CheckpointStats(
    Counts counts,
    Optional<Completed> latestCompleted,
    Optional<Completed> latestSavepoint,
    Optional<Restored> latestRestored) {

  public record Counts(int restored, int total, int inProgress, int completed, int failed) {

    static Counts fromJson(JsonNode json) {
      return new Counts(
          intValue(json, "restored", 0),
          intValue(json, "total", 0),
          intValue(json, "in_progress", 0),
          intValue(json, "completed", 0),
          intValue(json, "failed", 0));
    }
  }

  /**
   * A completed checkpoint or savepoint; {@code externalPath} is empty when not retained. {@code
   * durationMs} is trigger to last acknowledgement, {@code stateSizeBytes} the full state size.
   */
  public record Completed(
      long id,
      boolean savepoint,
      Optional<Instant> triggered,
      Optional<Instant> lastAcknowledged,
      Optional<String> externalPath,
      boolean discarded,
      long durationMs,
      long stateSizeBytes) {

    static Completed fromJson(JsonNode json) {
      return new Completed(
          longValue(json, "id"),
          booleanValue(json, "is_savepoint"),
          timestamp(json, "trigger_timestamp"),
          timestamp(json, "latest_ack_timestamp"),
          optionalText(json, "external_path")
              .filter(path -> !path.equals("<checkpoint-not-externally-addressable>")),
          booleanValue(json, "discarded"),
          longValue(json, "end_to_end_duration", 0),
          longValue(json, "state_size", 0));
    }
  }

  /** The checkpoint or savepoint the job (or its last restart) restored from. */
  public record Restored(
      long id, boolean savepoint, Optional<Instant> restoredAt, Optional<String> externalPath) {

    static Restored fromJson(JsonNode json) {
      return new Restored(
          longValue(json, "id"),
          booleanValue(json, "is_savepoint"),
          timestamp(json, "restore_timestamp"),
          optionalText(json, "external_path"));
    }
  }

  static CheckpointStats fromJson(JsonNode json) {
    Optional<JsonNode> latest = object(json, "latest");
    return new CheckpointStats(
        Counts.fromJson(object(json, "counts").orElse(FlinkJson.EMPTY)),
        latest.flatMap(l -> object(l, "completed")).map(Completed::fromJson),
        latest.flatMap(l -> object(l, "savepoint")).map(Completed::fromJson),
        latest.flatMap(l -> object(l, "restored")).map(Restored::fromJson));
  }
}
