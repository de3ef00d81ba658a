package io.cdcflow.api.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.alerting.AlertConditions.Verdict;
import io.cdcflow.api.monitoring.PipelineObservation;
import io.cdcflow.catalog.store.AlertDao;
import io.cdcflow.catalog.store.AlertRow;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns observations into alerts: each round judges every rule kind of the pipeline, opens an alert
 * when a condition fires (one open alert per pipeline and kind, whatever the number of rounds it
 * stays true) and resolves it when the condition clears, acknowledged or not. Each change enqueues
 * its deliveries in the same catalog transaction; {@link AlertDispatcher} sends them, so a round
 * does catalog work only and never waits for a receiver.
 *
 * <p>The collector calls {@link #evaluate} once per pipeline and round, for stopped pipelines too
 * (their slot figures matter), and {@link #forget} when a pipeline is deleted.
 */
public final class AlertEngine {

  private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

  private final AlertRules rules;
  private final AlertDao alerts;
  private final ObjectMapper json;
  private final Runnable deliveriesQueued;
  private final AlertConditions conditions = new AlertConditions();
  private final Map<UUID, Integer> activeCounts = new ConcurrentHashMap<>();

  /**
   * @param deliveriesQueued told after a round enqueued deliveries (wakes the dispatcher)
   */
  public AlertEngine(
      AlertRules rules, AlertDao alerts, ObjectMapper json, Runnable deliveriesQueued) {
    this.rules = rules;
    this.alerts = alerts;
    this.json = json;
    this.deliveriesQueued = deliveriesQueued;
  }

  /** Judges one round's observation of one pipeline. Never throws; failures are logged. */
  public void evaluate(PipelineObservation observation) {
    try {
      Map<RuleKind, AlertRow> open = openAlerts(observation.pipelineId());
      boolean queued = false;
      for (EffectiveRule rule : rules.effective(observation.pipelineId()).values()) {
        try {
          queued |= apply(rule, observation, open);
        } catch (RuntimeException e) {
          LOG.warn(
              "Alert rule {} for pipeline '{}' could not be applied: {}",
              rule.kind(),
              observation.pipelineName(),
              e.toString());
        }
      }
      activeCounts.put(observation.pipelineId(), open.size());
      if (queued) {
        deliveriesQueued.run();
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "Alerts of pipeline '{}' not evaluated this round: {}",
          observation == null ? null : observation.pipelineName(),
          e.toString());
    }
  }

  /** Drops what earlier rounds saw of a deleted pipeline (its alerts go with it in the catalog). */
  public void forget(UUID pipelineId) {
    conditions.forget(pipelineId);
    activeCounts.remove(pipelineId);
  }

  /** Alerts of the pipeline not resolved yet, as of its last round (0 when never evaluated). */
  public int activeCount(UUID pipelineId) {
    return activeCounts.getOrDefault(pipelineId, 0);
  }

  /** {@link #activeCount} of every evaluated pipeline. */
  public Map<UUID, Integer> activeCounts() {
    return Map.copyOf(activeCounts);
  }

  /** Re-reads a pipeline's count after a change made outside a round (manual resolve). */
  void recount(UUID pipelineId) {
    if (pipelineId != null && activeCounts.containsKey(pipelineId)) {
      activeCounts.put(pipelineId, alerts.openFor(pipelineId).size());
    }
  }

  /** Applies one verdict; true when deliveries were enqueued. Updates {@code open}. */
  private boolean apply(EffectiveRule rule, PipelineObservation o, Map<RuleKind, AlertRow> open) {
    Verdict verdict = conditions.judge(rule, o);
    AlertRow current = open.get(rule.kind());
    if (verdict.status() == Verdict.Status.FIRING && current == null) {
      Optional<AlertRow> fired =
          alerts.fire(
              rule.ruleId(),
              o.pipelineId(),
              rule.kind().name(),
              rule.severity().id(),
              dedupKey(o.pipelineId(), rule.kind()),
              verdict.message(),
              toJson(verdict.details()),
              rule.channelIds());
      fired.ifPresent(
          alert -> {
            open.put(rule.kind(), alert);
            LOG.info(
                "Alert {} fired for pipeline '{}' ({}): {}",
                rule.kind(),
                o.pipelineName(),
                rule.severity().id(),
                verdict.message());
          });
      return fired.isPresent() && !rule.channelIds().isEmpty();
    }
    if (verdict.status() == Verdict.Status.CLEAR && current != null) {
      open.remove(rule.kind());
      Optional<AlertRow> resolved = alerts.resolve(current.id());
      resolved.ifPresent(
          alert -> LOG.info("Alert {} of pipeline '{}' resolved", rule.kind(), o.pipelineName()));
      return resolved.isPresent();
    }
    return false;
  }

  private Map<RuleKind, AlertRow> openAlerts(UUID pipelineId) {
    Map<RuleKind, AlertRow> open = new EnumMap<>(RuleKind.class);
    List<AlertRow> rows = alerts.openFor(pipelineId);
    for (AlertRow row : rows) {
      if (row.dedupKey().equals(dedupKey(pipelineId, kindOf(row)))) {
        open.put(kindOf(row), row);
      }
    }
    return open;
  }

  private static RuleKind kindOf(AlertRow row) {
    try {
      return RuleKind.fromId(row.kind());
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  static String dedupKey(UUID pipelineId, RuleKind kind) {
    return pipelineId + ":" + (kind == null ? "?" : kind.name());
  }

  private String toJson(Map<String, Object> details) {
    try {
      return json.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      return "{}";
    }
  }
}
