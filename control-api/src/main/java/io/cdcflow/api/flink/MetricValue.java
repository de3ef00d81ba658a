package io.cdcflow.api.flink;

import static io.cdcflow.api.flink.FlinkJson.optionalText;
import static io.cdcflow.api.flink.FlinkJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** A single metric as Flink reports it (a string: gauges may hold any value). */
public record MetricValue(String id, Optional<String> value) {

  static MetricValue fromJson(JsonNode json) {
    return new MetricValue(text(json, "id"), optionalText(json, "value"));
  }
}
