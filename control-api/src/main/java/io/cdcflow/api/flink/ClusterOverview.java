package io.cdcflow.api.flink;

import static io.cdcflow.api.flink.FlinkJson.intValue;
import static io.cdcflow.api.flink.FlinkJson.text;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /overview}: what the cluster has and runs. */
public record ClusterOverview(
    String flinkVersion,
    int taskManagers,
    int slotsTotal,
    int slotsAvailable,
    int jobsRunning,
    int jobsFinished,
    int jobsCancelled,
    int jobsFailed) {

  static ClusterOverview fromJson(JsonNode json) {
    return new ClusterOverview(
        text(json, "flink-version"),
        intValue(json, "taskmanagers", 0),
        intValue(json, "slots-total", 0),
        intValue(json, "slots-available", 0),
        intValue(json, "jobs-running", 0),
        intValue(json, "jobs-finished", 0),
        intValue(json, "jobs-cancelled", 0),
        intValue(json, "jobs-failed", 0));
  }
}
