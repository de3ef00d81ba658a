package io.cdcflow.api.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * The JSON a webhook receives for an alert event (snake_case fields).
 *
 * @param event {@code FIRED}, {@code RESOLVED} or {@code TEST}
 * @param state the alert's state when the event is sent
 */
public record AlertEvent(
    String event,
    UUID alertId,
    UUID pipelineId,
    String pipelineName,
    String kind,
    String severity,
    String state,
    String message,
    JsonNode details,
    Instant firedAt,
    Instant resolvedAt) {

  /** One line for logs and chat: {@code [WARNING] FIRED LAG_HIGH on pipeline 'x': ...}. */
  public String summary() {
    return "["
        + (severity == null ? "" : severity.toUpperCase(java.util.Locale.ROOT))
        + "] "
        + event
        + " "
        + kind
        + (pipelineName == null ? "" : " on pipeline '" + pipelineName + "'")
        + ": "
        + message;
  }
}
