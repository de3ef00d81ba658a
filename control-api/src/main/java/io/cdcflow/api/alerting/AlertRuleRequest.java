package io.cdcflow.api.alerting;

import java.util.List;

/**
 * An alert rule as a client sends it (create or full update). Omitted settings take the kind's
 * built-in default.
 *
 * @param kind one of {@link RuleKind}
 * @param pipeline a pipeline name or id; absent for the rule of all pipelines
 * @param threshold in the kind's unit (lag in seconds, WAL in bytes, counts)
 * @param channels channel names or ids that receive this rule's alerts (besides the default ones)
 */
public record AlertRuleRequest(
    String kind,
    String pipeline,
    Double threshold,
    Integer durationSeconds,
    String severity,
    Boolean enabled,
    List<String> channels) {

  public AlertRuleRequest {
    channels = channels == null ? List.of() : List.copyOf(channels);
  }
}
