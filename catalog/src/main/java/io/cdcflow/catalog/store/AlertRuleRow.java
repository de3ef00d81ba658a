package io.cdcflow.catalog.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored alert rule: the default of its kind for every pipeline ({@code pipelineId} null) or an
 * override for one pipeline.
 *
 * @param threshold null when the kind takes none
 * @param channelIds the channels linked to the rule
 */
public record AlertRuleRow(
    UUID id,
    UUID pipelineId,
    String pipelineName,
    String kind,
    Double threshold,
    int durationSeconds,
    String severity,
    boolean enabled,
    Instant createdAt,
    List<UUID> channelIds) {

  public AlertRuleRow {
    channelIds = channelIds == null ? List.of() : List.copyOf(channelIds);
  }
}
