package io.cdcflow.api.monitoring;

import io.cdcflow.api.flink.ClusterOverview;
import io.cdcflow.api.flink.FlinkClusterException;
import io.cdcflow.api.flink.FlinkRestClient;
import io.cdcflow.api.monitoring.MonitoringViews.Check;
import io.cdcflow.api.monitoring.MonitoringViews.Cluster;
import io.cdcflow.api.monitoring.MonitoringViews.CurrentMetrics;
import io.cdcflow.api.monitoring.MonitoringViews.Dashboard;
import io.cdcflow.api.monitoring.MonitoringViews.Health;
import io.cdcflow.api.monitoring.MonitoringViews.History;
import io.cdcflow.api.monitoring.MonitoringViews.Lag;
import io.cdcflow.api.monitoring.MonitoringViews.PipelineLine;
import io.cdcflow.api.monitoring.MonitoringViews.Point;
import io.cdcflow.api.monitoring.MonitoringViews.Series;
import io.cdcflow.api.monitoring.MonitoringViews.SourceLag;
import io.cdcflow.api.monitoring.MonitoringViews.WorstLag;
import io.cdcflow.api.pipelines.PipelineService;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.MetricPoint;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Answers the monitoring questions about pipelines from the collector's newest observations and the
 * stored samples: current figures, history, lag, health, and the dashboard over all of them.
 */
public final class PipelineMonitoring {

  private final PipelineService pipelines;
  private final PipelineDao pipelineDao;
  private final MetricsCollector collector;
  private final SampleHistory history;
  private final FlinkRestClient flink;
  private final Supplier<Map<String, Integer>> activeAlertsBySeverity;
  private final Clock clock;

  public PipelineMonitoring(
      PipelineService pipelines,
      PipelineDao pipelineDao,
      MetricsCollector collector,
      SampleHistory history,
      FlinkRestClient flink,
      Supplier<Map<String, Integer>> activeAlertsBySeverity,
      Clock clock) {
    this.pipelines = pipelines;
    this.pipelineDao = pipelineDao;
    this.collector = collector;
    this.history = history;
    this.flink = flink;
    this.activeAlertsBySeverity = activeAlertsBySeverity;
    this.clock = clock;
  }

  public CurrentMetrics current(UUID id) {
    PipelineObservation o = fresh(id);
    Map<String, Double> metrics = new TreeMap<>();
    o.values().forEach((metric, value) -> metrics.put(metric.key(), value));
    Optional<JobFigures> figures =
        o.flinkJobId().isPresent() ? collector.latestFigures(id) : Optional.empty();
    Map<String, Double> perTable =
        new TreeMap<>(figures.map(JobFigures::rowsWrittenPerTable).orElse(Map.of()));
    Map<String, MonitoringViews.TableSnapshot> snapshot = new TreeMap<>();
    figures
        .map(JobFigures::snapshotPerTable)
        .orElse(Map.of())
        .forEach((table, gauges) -> snapshot.put(table, MonitoringViews.TableSnapshot.of(gauges)));
    return new CurrentMetrics(
        id,
        o.pipelineName(),
        o.state().name(),
        o.flinkJobId().orElse(null),
        o.flinkState().orElse(null),
        o.at(),
        metrics,
        perTable,
        snapshot);
  }

  /**
   * Stored figures in [from, to): every figure unless {@code metrics} names some; the step is
   * chosen for about 360 points unless given.
   */
  public History history(
      UUID id,
      Optional<Instant> from,
      Optional<Instant> to,
      Optional<Long> step,
      List<String> metrics) {
    pipelines.row(id);
    Instant now = clock.instant();
    Instant end = to.orElse(now);
    Instant start = from.orElse(end.minus(Duration.ofHours(1)));
    if (!start.isBefore(end)) {
      throw ApiProblem.invalid("from", "must be before 'to' (" + start + " >= " + end + ")");
    }
    if (step.isPresent() && step.get() < 1) {
      throw ApiProblem.invalid("step", "must be a positive number of seconds");
    }
    List<String> names = new ArrayList<>();
    for (String name : metrics) {
      if (PipelineMetric.byKey(name).isEmpty()) {
        throw ApiProblem.invalid(
            "metrics", "unknown metric '" + name + "'; known: " + knownMetrics());
      }
      names.add(name);
    }
    if (names.isEmpty()) {
      for (PipelineMetric metric : PipelineMetric.values()) {
        names.add(metric.key());
      }
    }
    SampleHistory.Tier tier = SampleHistory.tierFor(start, now);
    long stepSeconds = SampleHistory.stepSeconds(start, end, step, tier);
    long points = Duration.between(start, end).toSeconds() / stepSeconds;
    if (points > SampleHistory.MAX_POINTS) {
      throw ApiProblem.invalid(
          "step",
          "gives "
              + points
              + " points per metric, more than "
              + SampleHistory.MAX_POINTS
              + "; use a step of at least "
              + (Duration.between(start, end).toSeconds() / SampleHistory.MAX_POINTS + 1)
              + " s");
    }
    Map<String, List<Point>> series = new LinkedHashMap<>();
    for (MetricPoint p : history.history(id, names, start, end, tier, stepSeconds)) {
      series.computeIfAbsent(p.metric(), m -> new ArrayList<>()).add(new Point(p.at(), p.value()));
    }
    return new History(
        id,
        start,
        end,
        stepSeconds,
        tier.resolutionSeconds(),
        series.entrySet().stream().map(e -> new Series(e.getKey(), e.getValue())).toList());
  }

  public Lag lag(UUID id, Duration window) {
    if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofDays(2)) > 0) {
      throw ApiProblem.invalid("window", "must be between 1 s and 2 days, got " + window);
    }
    PipelineObservation o = fresh(id);
    Instant from = o.at().minus(window);
    Instant to = o.at().plusMillis(1);
    PipelineMetric lag = PipelineMetric.END_TO_END_LAG_MS;
    return new Lag(
        id,
        o.at(),
        boxed(o.value(lag)),
        collector.newestApplied(id).orElse(null),
        window.toSeconds(),
        history.percentile(id, lag, 0.5, from, to).orElse(null),
        history.percentile(id, lag, 0.99, from, to).orElse(null),
        history.percentile(id, lag, 1.0, from, to).orElse(null),
        new SourceLag(
            boxed(o.value(PipelineMetric.FETCH_LAG_MS)),
            boxed(o.value(PipelineMetric.EMIT_LAG_MS)),
            boxed(o.value(PipelineMetric.SOURCE_IDLE_MS)),
            boxed(o.value(PipelineMetric.SOURCE_BEHIND_BYTES)),
            boxed(o.value(PipelineMetric.SLOT_RETAINED_BYTES)),
            o.value(PipelineMetric.SLOT_ACTIVE).isPresent()
                ? o.value(PipelineMetric.SLOT_ACTIVE).getAsDouble() > 0
                : null));
  }

  public Health health(UUID id, PipelineHealthJudge.Limits limits) {
    PipelineObservation o = fresh(id);
    List<Check> checks = judge(o, limits);
    return new Health(
        id,
        o.pipelineName(),
        PipelineHealthJudge.overall(checks),
        o.state().name(),
        o.at(),
        checks.stream()
            .filter(c -> !c.status().equals(PipelineHealthJudge.OK))
            .filter(c -> !c.status().equals(PipelineHealthJudge.UNKNOWN))
            .map(c -> c.name() + ": " + c.detail())
            .toList(),
        checks);
  }

  public Dashboard dashboard() {
    Map<String, Integer> byState = new TreeMap<>();
    List<PipelineLine> lines = new ArrayList<>();
    double sourceRate = 0;
    double writeRate = 0;
    WorstLag worst = null;
    Collection<PipelineRow> rows = pipelineDao.list();
    for (PipelineRow row : rows) {
      byState.merge(row.state().name(), 1, Integer::sum);
      Optional<PipelineObservation> seen = collector.latest(row.id());
      if (seen.isEmpty()) {
        lines.add(
            new PipelineLine(
                row.id(), row.name(), row.state().name(), null, null, null, null, null));
        continue;
      }
      PipelineObservation o = seen.get();
      sourceRate += o.value(PipelineMetric.SOURCE_RECORDS_PER_SECOND).orElse(0);
      writeRate += o.value(PipelineMetric.ROWS_WRITTEN_PER_SECOND).orElse(0);
      OptionalDouble lag = o.value(PipelineMetric.END_TO_END_LAG_MS);
      if (lag.isPresent() && (worst == null || lag.getAsDouble() > worst.endToEndLagMs())) {
        worst = new WorstLag(row.id(), row.name(), lag.getAsDouble());
      }
      lines.add(
          new PipelineLine(
              row.id(),
              row.name(),
              row.state().name(),
              PipelineHealthJudge.overall(judge(o, PipelineHealthJudge.Limits.defaults())),
              boxed(lag),
              boxed(o.value(PipelineMetric.ROWS_WRITTEN_PER_SECOND)),
              boxed(o.value(PipelineMetric.SLOT_RETAINED_BYTES)),
              o.at()));
    }
    Map<String, Integer> alerts = new TreeMap<>(activeAlertsBySeverity.get());
    return new Dashboard(
        clock.instant(),
        rows.size(),
        byState,
        sourceRate,
        writeRate,
        worst,
        alerts,
        alerts.values().stream().mapToInt(Integer::intValue).sum(),
        cluster(),
        lines);
  }

  private List<Check> judge(PipelineObservation o, PipelineHealthJudge.Limits limits) {
    Instant from = PipelineHealthJudge.windowStart(o.at(), limits);
    PipelineHealthJudge.Recent recent =
        new PipelineHealthJudge.Recent(
            optional(history.percentile(o.pipelineId(), PipelineMetric.RESTARTS, 0, from, o.at())),
            optional(
                history.percentile(
                    o.pipelineId(), PipelineMetric.CHECKPOINTS_FAILED, 0, from, o.at())));
    return PipelineHealthJudge.checks(o, recent, limits);
  }

  /**
   * The newest observation, made now when the collector has none or only one older than two rounds
   * (just started, or the pipeline has just changed state).
   */
  private PipelineObservation fresh(UUID id) {
    PipelineRow row = pipelines.row(id);
    Optional<PipelineObservation> seen = collector.latest(id);
    Instant staleBefore = clock.instant().minus(collector.interval().multipliedBy(2));
    if (seen.isPresent()
        && seen.get().state() == row.state()
        && seen.get().at().isAfter(staleBefore)) {
      return seen.get();
    }
    if (row.state() == PipelineState.CREATED) {
      return new PipelineObservation(
          id,
          row.name(),
          row.state(),
          clock.instant(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Map.of());
    }
    return collector.collect(row);
  }

  private Cluster cluster() {
    try {
      ClusterOverview o = flink.overview();
      return new Cluster(
          o.taskManagers() > 0 ? "UP" : "DOWN",
          o.flinkVersion(),
          o.taskManagers(),
          o.slotsTotal(),
          o.slotsAvailable(),
          o.jobsRunning(),
          "Flink at " + flink.baseUrl());
    } catch (FlinkClusterException e) {
      return new Cluster("DOWN", null, null, null, null, null, e.getMessage());
    }
  }

  private static String knownMetrics() {
    StringBuilder known = new StringBuilder();
    for (PipelineMetric metric : PipelineMetric.values()) {
      known.append(known.length() == 0 ? "" : ", ").append(metric.key());
    }
    return known.toString();
  }

  private static Long asLong(Double value) {
    return value == null ? null : value.longValue();
  }

  private static Double boxed(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }

  private static OptionalDouble optional(Optional<Double> value) {
    return value.map(OptionalDouble::of).orElse(OptionalDouble.empty());
  }
}
