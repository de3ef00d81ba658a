package io.cdcflow.api.flink;

import static io.cdcflow.api.flink.FlinkJson.doubleOrNull;
import static io.cdcflow.api.flink.FlinkJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalDouble;

/**
 * A metric aggregated over a vertex's subtasks ({@code /jobs/:jid/vertices/:vid/subtasks/metrics}).
 * The aggregates are empty when Flink has no value yet (or only non-numeric ones); a listing
 * without metric names has ids only.
 */
public record AggregatedMetric(
    String id, OptionalDouble min, OptionalDouble max, OptionalDouble avg, OptionalDouble sum) {

  static AggregatedMetric fromJson(JsonNode json) {
    return new AggregatedMetric(
        text(json, "id"),
        optional(doubleOrNull(json, "min")),
        optional(doubleOrNull(json, "max")),
        optional(doubleOrNull(json, "avg")),
        optional(doubleOrNull(json, "sum")));
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
