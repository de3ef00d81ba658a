package io.cdcflow.api.alerting;

import io.cdcflow.api.alerting.Refs.ChannelRef;
import io.cdcflow.api.alerting.Refs.PipelineRef;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored rule.
 *
 * @param pipeline null for the rule of all pipelines
 */
public record AlertRuleView(
    UUID id,
    RuleKind kind,
    PipelineRef pipeline,
    Double threshold,
    int durationSeconds,
    Severity severity,
    boolean enabled,
    List<ChannelRef> channels,
    Instant createdAt) {}
