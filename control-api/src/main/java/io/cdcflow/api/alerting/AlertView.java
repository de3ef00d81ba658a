package io.cdcflow.api.alerting;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.alerting.Refs.ChannelRef;
import io.cdcflow.api.alerting.Refs.PipelineRef;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An alert; {@code deliveries} only when one alert is asked for.
 *
 * @param ruleId the stored rule that fired it, null for a built-in default
 */
public record AlertView(
    UUID id,
    PipelineRef pipeline,
    String kind,
    String severity,
    String state,
    String message,
    JsonNode details,
    UUID ruleId,
    Instant firedAt,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant resolvedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Delivery> deliveries) {

  /**
   * One event (FIRED or RESOLVED) to one channel with every attempt.
   *
   * @param status the newest attempt's: PENDING, DELIVERED or FAILED
   */
  public record Delivery(ChannelRef channel, String event, String status, List<Attempt> attempts) {}

  public record Attempt(
      int attempt,
      String status,
      Integer responseCode,
      String error,
      Instant attemptedAt,
      Instant nextAttemptAt) {}
}
