package io.cdcflow.api.monitoring;

import io.cdcflow.catalog.store.MetricPoint;
import io.cdcflow.catalog.store.MetricSampleDao;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline figures over time, in the catalog. Collected samples are kept for hours; one-minute
 * buckets for two days; fifteen-minute buckets for a month. That bounds the table to roughly
 * 200,000 rows per pipeline whatever the uptime, and a history query reads the finest tier that
 * still covers its start.
 */
public final class SampleHistory {

  private static final Logger LOG = LoggerFactory.getLogger(SampleHistory.class);

  /** A stored resolution and how long it is kept. */
  record Tier(int resolutionSeconds, Duration retention) {}

  static final List<Tier> TIERS =
      List.of(
          new Tier(0, Duration.ofHours(6)),
          new Tier(60, Duration.ofDays(2)),
          new Tier(900, Duration.ofDays(30)));

  /** How often buckets are rolled up and old rows deleted. */
  static final Duration COMPACTION_INTERVAL = Duration.ofMinutes(10);

  static final int MAX_POINTS = 10_000;
  private static final int DEFAULT_POINTS = 360;

  private final MetricSampleDao samples;
  private volatile Instant lastCompaction = Instant.EPOCH;

  public SampleHistory(MetricSampleDao samples) {
    this.samples = samples;
  }

  /** Stores one observation's figures. */
  void record(PipelineObservation observation) {
    if (observation.values().isEmpty()) {
      return;
    }
    List<String> metrics = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    observation
        .values()
        .forEach(
            (metric, value) -> {
              if (Double.isFinite(value)) {
                metrics.add(metric.key());
                values.add(value);
              }
            });
    samples.insert(observation.pipelineId(), observation.at(), metrics, values);
  }

  /** Rolls complete buckets up one tier and deletes what each tier no longer keeps; idempotent. */
  void compactIfDue(Instant now) {
    if (Duration.between(lastCompaction, now).compareTo(COMPACTION_INTERVAL) < 0) {
      return;
    }
    compact(now);
  }

  void compact(Instant now) {
    for (int i = 1; i < TIERS.size(); i++) {
      Tier from = TIERS.get(i - 1);
      int resolution = TIERS.get(i).resolutionSeconds();
      Instant until = floor(now, resolution);
      // the first run catches up on everything the finer tier still holds (the server may have
      // been down); later runs redo the last two buckets, which may have been partial
      Instant since =
          lastCompaction.equals(Instant.EPOCH)
              ? floor(now.minus(from.retention()), resolution)
              : floor(lastCompaction.minusSeconds(2L * resolution), resolution);
      samples.rollUp(from.resolutionSeconds(), resolution, since, until);
    }
    int deleted = 0;
    for (Tier tier : TIERS) {
      deleted += samples.deleteOlderThan(tier.resolutionSeconds(), now.minus(tier.retention()));
    }
    lastCompaction = now;
    LOG.debug("Metric samples compacted, {} expired rows deleted", deleted);
  }

  /** The tier a query starting at {@code from} reads: the finest that still holds that time. */
  static Tier tierFor(Instant from, Instant now) {
    for (Tier tier : TIERS) {
      if (!from.isBefore(now.minus(tier.retention()))) {
        return tier;
      }
    }
    return TIERS.get(TIERS.size() - 1);
  }

  /**
   * The step a history query uses: as asked, but never finer than the tier's resolution, and by
   * default about {@value #DEFAULT_POINTS} points over the range.
   */
  static long stepSeconds(Instant from, Instant to, Optional<Long> asked, Tier tier) {
    long range = Math.max(1, Duration.between(from, to).toSeconds());
    long step = asked.orElse(Math.max(1, (range + DEFAULT_POINTS - 1) / DEFAULT_POINTS));
    return Math.max(step, Math.max(1, tier.resolutionSeconds()));
  }

  /** Bucketed values of these figures in [from, to). */
  List<MetricPoint> history(
      UUID pipeline, Collection<String> metrics, Instant from, Instant to, Tier tier, long step) {
    return samples.history(pipeline, metrics, tier.resolutionSeconds(), from, to, step);
  }

  /** The newest stored value of each figure (what survives a restart of the control API). */
  Map<String, MetricPoint> latest(UUID pipeline) {
    Map<String, MetricPoint> latest = new java.util.LinkedHashMap<>();
    for (MetricPoint point : samples.latest(pipeline)) {
      latest.put(point.metric(), point);
    }
    return latest;
  }

  Optional<Double> percentile(
      UUID pipeline, PipelineMetric metric, double fraction, Instant from, Instant to) {
    return samples.percentile(pipeline, metric.key(), fraction, from, to);
  }

  private static Instant floor(Instant t, int resolutionSeconds) {
    long s = t.getEpochSecond();
    return Instant.ofEpochSecond(s - Math.floorMod(s, resolutionSeconds));
  }
}
