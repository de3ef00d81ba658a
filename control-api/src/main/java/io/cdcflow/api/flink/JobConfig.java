package io.cdcflow.api.flink;

import static io.cdcflow.api.flink.FlinkJson.intValue;
import static io.cdcflow.api.flink.FlinkJson.object;
import static io.cdcflow.api.flink.FlinkJson.optionalText;
import static io.cdcflow.api.flink.FlinkJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code GET /jobs/:jid/config}: the job's execution configuration as Flink shows it. */
public record JobConfig(
    String jobId,
    String name,
    int parallelism,
    Optional<String> restartStrategy,
    Map<String, String> userConfig) {

  public JobConfig {
    userConfig = Map.copyOf(userConfig);
  }

  static JobConfig fromJson(JsonNode json) {
    JsonNode execution = object(json, "execution-config").orElse(FlinkJson.EMPTY);
    Map<String, String> user = new LinkedHashMap<>();
    object(execution, "user-config")
        .ifPresent(
            node ->
                node.fields().forEachRemaining(e -> user.put(e.getKey(), e.getValue().asText())));
    return new JobConfig(
        text(json, "jid"),
        text(json, "name"),
        intValue(execution, "job-parallelism", 0),
        optionalText(execution, "restart-strategy"),
        user);
  }
}
