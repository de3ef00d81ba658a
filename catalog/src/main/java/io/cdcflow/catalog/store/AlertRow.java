package io.cdcflow.catalog.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored alert.
 *
 * @param ruleId the stored rule that fired it, null for a built-in default rule
 * @param state {@code ACTIVE}, {@code ACKNOWLEDGED} or {@code RESOLVED}
 * @param dedupKey at most one alert per key is not resolved
 * @param detailsJson the figures behind the alert as a JSON object
 */
public record AlertRow(
    UUID id,
    UUID ruleId,
    UUID pipelineId,
    String pipelineName,
    String kind,
    String severity,
    String state,
    String dedupKey,
    String message,
    String detailsJson,
    Instant firedAt,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant resolvedAt) {

  public boolean isOpen() {
    return !"RESOLVED".equals(state);
  }
}
