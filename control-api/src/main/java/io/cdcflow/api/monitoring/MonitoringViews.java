package io.cdcflow.api.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the monitoring endpoints answer (serialised snake_case). */
public final class MonitoringViews {

  private MonitoringViews() {}

  /** {@code GET /pipelines/{id}/metrics}: the newest observation. */
  public record CurrentMetrics(
      UUID pipelineId,
      String name,
      String state,
      String flinkJobId,
      String flinkState,
      Instant observedAt,
      Map<String, Double> metrics,
      Map<String, Double> rowsWrittenPerTable,
      Map<String, TableSnapshot> snapshotPerTable) {}

  /**
   * Snapshot progress of one source table: chunks (splits, or key ranges) handed out and left; for
   * a copy by key ranges also the rows (the planner's estimate, and those of the ranges finished),
   * the rows per second of its copy in this job, and the seconds left at that rate (-1: not known
   * yet; 0: done).
   */
  public record TableSnapshot(
      Long splitsProcessed,
      Long splitsRemaining,
      Long rowsEstimated,
      Long rowsCopied,
      Double rowsPerSecond,
      Long etaSeconds) {

    /** From the enumerator's per-table gauges, named as {@link JobFiguresReader} reads them. */
    public static TableSnapshot of(Map<String, Double> gauges) {
      Double rate = gauges.get("snapshotRowsPerSecond");
      return new TableSnapshot(
          whole(gauges.get("numSnapshotSplitsProcessed")),
          whole(gauges.get("numSnapshotSplitsRemaining")),
          whole(gauges.get("numSnapshotRowsEstimated")),
          whole(gauges.get("numSnapshotRowsCopied")),
          rate == null ? null : Math.round(rate * 10) / 10.0,
          whole(gauges.get("snapshotEtaSeconds")));
    }

    private static Long whole(Double v) {
      return v == null ? null : Math.round(v);
    }
  }

  /** {@code GET /pipelines/{id}/metrics/history}. */
  public record History(
      UUID pipelineId,
      Instant from,
      Instant to,
      long stepSeconds,
      int resolutionSeconds,
      List<Series> series) {}

  public record Series(String metric, List<Point> points) {}

  public record Point(Instant at, double value) {}

  /** {@code GET /pipelines/{id}/lag}. */
  public record Lag(
      UUID pipelineId,
      Instant observedAt,
      Double endToEndLagMs,
      Instant newestAppliedChangeAt,
      long windowSeconds,
      Double p50Ms,
      Double p99Ms,
      Double maxMs,
      SourceLag source) {}

  /** Lag as the source sees it: Flink CDC's reader figures and the database's own backlog. */
  public record SourceLag(
      Double fetchLagMs,
      Double emitLagMs,
      Double sourceIdleMs,
      Double behindBytes,
      Double slotRetainedBytes,
      Boolean slotActive) {}

  /** {@code GET /pipelines/{id}/health}. */
  public record Health(
      UUID pipelineId,
      String name,
      String status,
      String state,
      Instant observedAt,
      List<String> reasons,
      List<Check> checks) {}

  /** One judged aspect: OK, DEGRADED, FAILING or UNKNOWN, with the figures behind it. */
  public record Check(String name, String status, String detail) {}

  /** {@code GET /dashboard}. */
  public record Dashboard(
      Instant generatedAt,
      int pipelinesTotal,
      Map<String, Integer> pipelinesByState,
      double sourceRecordsPerSecond,
      double rowsWrittenPerSecond,
      WorstLag worstLag,
      Map<String, Integer> activeAlertsBySeverity,
      int activeAlerts,
      Cluster cluster,
      List<PipelineLine> pipelines) {}

  public record WorstLag(UUID pipelineId, String name, double endToEndLagMs) {}

  public record Cluster(
      String status,
      String flinkVersion,
      Integer taskManagers,
      Integer slotsTotal,
      Integer slotsAvailable,
      Integer jobsRunning,
      String detail) {}

  /** One pipeline's line on the dashboard. */
  public record PipelineLine(
      UUID id,
      String name,
      String state,
      String health,
      Double endToEndLagMs,
      Double rowsWrittenPerSecond,
      Double slotRetainedBytes,
      Instant observedAt) {}
}
