package io.cdcflow.api.alerting;

import io.cdcflow.catalog.store.AlertChannelDao;
import io.cdcflow.catalog.store.AlertChannelRow;
import io.cdcflow.catalog.store.AlertRuleDao;
import io.cdcflow.catalog.store.AlertRuleRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The stored rules and channels, merged with the built-in defaults. Kept in memory so that the
 * collector's rounds cost no rule queries: reloaded after every change through the API ({@link
 * #invalidate}) and at least every 30 seconds (changes made by another server process).
 *
 * <p>Where alerts go: the channels linked to the effective rule, plus every channel flagged {@code
 * default}, plus every channel of kind {@code log}; disabled channels get nothing.
 */
public final class AlertRules {

  private static final long MAX_AGE_NANOS = Duration.ofSeconds(30).toNanos();

  private final AlertRuleDao rules;
  private final AlertChannelDao channels;
  private volatile Snapshot snapshot;

  public AlertRules(AlertRuleDao rules, AlertChannelDao channels) {
    this.rules = rules;
    this.channels = channels;
  }

  /** Every kind with the rule that applies to the pipeline. */
  public Map<RuleKind, EffectiveRule> effective(UUID pipelineId) {
    Snapshot current = current();
    Map<RuleKind, EffectiveRule> effective = new EnumMap<>(RuleKind.class);
    Map<RuleKind, AlertRuleRow> own = current.perPipeline().getOrDefault(pipelineId, Map.of());
    for (RuleKind kind : RuleKind.values()) {
      AlertRuleRow row = own.get(kind);
      String source = "pipeline";
      if (row == null) {
        row = current.allPipelines().get(kind);
        source = "all-pipelines";
      }
      effective.put(
          kind,
          row == null
              ? EffectiveRule.builtIn(kind, current.alwaysChannels())
              : new EffectiveRule(
                  kind,
                  row.id(),
                  source,
                  row.threshold(),
                  row.durationSeconds(),
                  Severity.fromId(row.severity()),
                  row.enabled(),
                  current.channelsOf(row)));
    }
    return effective;
  }

  /** Reload on next use. */
  public void invalidate() {
    snapshot = null;
  }

  private Snapshot current() {
    Snapshot current = snapshot;
    if (current == null || System.nanoTime() - current.loadedAt() > MAX_AGE_NANOS) {
      current = load();
      snapshot = current;
    }
    return current;
  }

  private Snapshot load() {
    long loadedAt = System.nanoTime();
    List<AlertChannelRow> channelRows = channels.list();
    Set<UUID> enabled =
        channelRows.stream()
            .filter(AlertChannelRow::enabled)
            .map(AlertChannelRow::id)
            .collect(Collectors.toSet());
    List<UUID> always =
        channelRows.stream()
            .filter(c -> c.enabled() && (c.isDefault() || "log".equals(c.kind())))
            .map(AlertChannelRow::id)
            .toList();
    Map<RuleKind, AlertRuleRow> allPipelines = new EnumMap<>(RuleKind.class);
    Map<UUID, Map<RuleKind, AlertRuleRow>> perPipeline = new HashMap<>();
    for (AlertRuleRow row : rules.list()) {
      RuleKind kind;
      try {
        kind = RuleKind.fromId(row.kind());
      } catch (IllegalArgumentException unknownKind) {
        continue; // a kind this version does not know (written by a newer one): ignored
      }
      if (row.pipelineId() == null) {
        allPipelines.put(kind, row);
      } else {
        perPipeline
            .computeIfAbsent(row.pipelineId(), id -> new EnumMap<>(RuleKind.class))
            .put(kind, row);
      }
    }
    return new Snapshot(loadedAt, allPipelines, perPipeline, enabled, always);
  }

  private record Snapshot(
      long loadedAt,
      Map<RuleKind, AlertRuleRow> allPipelines,
      Map<UUID, Map<RuleKind, AlertRuleRow>> perPipeline,
      Set<UUID> enabledChannels,
      List<UUID> alwaysChannels) {

    List<UUID> channelsOf(AlertRuleRow rule) {
      Set<UUID> ids = new LinkedHashSet<>();
      rule.channelIds().stream().filter(enabledChannels::contains).forEach(ids::add);
      ids.addAll(alwaysChannels);
      return new ArrayList<>(ids);
    }
  }
}
