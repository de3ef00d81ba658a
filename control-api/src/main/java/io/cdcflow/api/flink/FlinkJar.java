package io.cdcflow.api.flink;

import static io.cdcflow.api.flink.FlinkJson.longValue;
import static io.cdcflow.api.flink.FlinkJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A jar stored on the cluster ({@code GET /jars}). {@code id} is what {@code /jars/:jarid/run}
 * takes (Flink's {@code <uuid>_<name>}); {@code name} is the file name it was uploaded with.
 */
public record FlinkJar(String id, String name, Instant uploaded) {

  static FlinkJar fromJson(JsonNode json) {
    return new FlinkJar(
        text(json, "id"), text(json, "name"), Instant.ofEpochMilli(longValue(json, "uploaded", 0)));
  }
}
