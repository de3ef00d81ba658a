package io.cdcflow.api.alerting;

import io.cdcflow.api.alerting.Refs.ChannelRef;
import java.util.List;
import java.util.UUID;

/**
 * The rule of one kind that applies to a pipeline.
 *
 * @param source {@code pipeline} (its own rule), {@code all-pipelines} or {@code built-in}
 * @param ruleId the stored rule, null when built-in
 * @param channels every channel its alerts go to (rule's, default ones, log channels)
 */
public record EffectiveRuleView(
    RuleKind kind,
    String description,
    String source,
    UUID ruleId,
    Double threshold,
    int durationSeconds,
    Severity severity,
    boolean enabled,
    List<ChannelRef> channels) {}
