package io.cdcflow.api.monitoring;

import io.cdcflow.api.flink.CheckpointStats;
import io.cdcflow.api.flink.JobState;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What Flink reports about one pipeline job at one moment. Metric maps are keyed by the metric's
 * own name (the last part of Flink's id); a metric Flink has no value for is absent.
 *
 * @param source source-vertex metrics aggregated over its subtasks (sum, min, max)
 * @param sink sink-vertex metrics aggregated over its subtasks
 * @param enumerator the source's split enumerator metrics on the JobManager (PostgreSQL only)
 * @param rowsWrittenPerTable rows written per target table, keyed {@code schema.table}
 * @param snapshotPerTable snapshot split counts per source table (PostgreSQL), keyed {@code
 *     schema.table}, then {@code numSnapshotSplitsProcessed} / {@code numSnapshotSplitsRemaining}
 */
public record JobFigures(
    String jobId,
    JobState state,
    boolean fullyRunning,
    OptionalDouble restarts,
    Optional<CheckpointStats> checkpoints,
    Map<String, Aggregate> source,
    Map<String, Aggregate> sink,
    Map<String, Double> enumerator,
    Map<String, Double> rowsWrittenPerTable,
    Map<String, Map<String, Double>> snapshotPerTable) {

  /** A metric over a vertex's subtasks. */
  public record Aggregate(double sum, double min, double max) {}

  public OptionalDouble sourceSum(String metric) {
    Aggregate a = source.get(metric);
    return a == null ? OptionalDouble.empty() : OptionalDouble.of(a.sum());
  }

  public OptionalDouble sinkSum(String metric) {
    Aggregate a = sink.get(metric);
    return a == null ? OptionalDouble.empty() : OptionalDouble.of(a.sum());
  }

  public OptionalDouble sourceMax(String metric) {
    Aggregate a = source.get(metric);
    return a == null ? OptionalDouble.empty() : OptionalDouble.of(a.max());
  }

  public OptionalDouble sinkMax(String metric) {
    Aggregate a = sink.get(metric);
    return a == null ? OptionalDouble.empty() : OptionalDouble.of(a.max());
  }

  public OptionalDouble sourceMin(String metric) {
    Aggregate a = source.get(metric);
    return a == null ? OptionalDouble.empty() : OptionalDouble.of(a.min());
  }

  public OptionalDouble enumerator(String metric) {
    Double value = enumerator.get(metric);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
