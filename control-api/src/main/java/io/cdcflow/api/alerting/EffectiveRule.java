package io.cdcflow.api.alerting;

import java.util.List;
import java.util.UUID;

/**
 * The rule of one kind that applies to one pipeline: a pipeline's own rule, else the stored rule
 * for all pipelines, else the built-in default.
 *
 * @param ruleId the stored rule, null for the built-in default
 * @param source {@code pipeline}, {@code all-pipelines} or {@code built-in}
 * @param threshold null when the kind takes none
 * @param channelIds where its alerts go: the rule's channels, the default channels and every log
 *     channel, enabled ones only
 */
public record EffectiveRule(
    RuleKind kind,
    UUID ruleId,
    String source,
    Double threshold,
    int durationSeconds,
    Severity severity,
    boolean enabled,
    List<UUID> channelIds) {

  public EffectiveRule {
    channelIds = List.copyOf(channelIds);
  }

  public static EffectiveRule builtIn(RuleKind kind, List<UUID> defaultChannels) {
    return new EffectiveRule(
        kind,
        null,
        "built-in",
        kind.defaultThreshold(),
        kind.defaultDurationSeconds(),
        kind.defaultSeverity(),
        true,
        defaultChannels);
  }

  public double thresholdOrDefault() {
    if (threshold != null) {
      return threshold;
    }
    return kind.defaultThreshold() == null ? 0 : kind.defaultThreshold();
  }
}
