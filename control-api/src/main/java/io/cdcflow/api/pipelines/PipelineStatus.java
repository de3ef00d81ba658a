package io.cdcflow.api.pipelines;

import io.cdcflow.catalog.pipeline.PipelineState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /pipelines/{id}/status}: the pipeline's state with the Flink job behind it.
 *
 * @param snapshot per-table snapshot progress where the source reports it (PostgreSQL)
 */
public record PipelineStatus(
    UUID id,
    String name,
    PipelineState state,
    String stateReason,
    String flinkJobId,
    String flinkState,
    Instant startedAt,
    Checkpoint lastCheckpoint,
    String restoredFrom,
    String savepoint,
    SnapshotProgress snapshot,
    List<Run> runs) {

  /** The newest completed checkpoint. */
  public record Checkpoint(Long id, Instant completedAt, String path) {}

  /** Snapshot phase figures from the source's split enumerator. */
  public record SnapshotProgress(
      Boolean snapshotting,
      Long tablesSnapshotted,
      Long tablesRemaining,
      Long splitsProcessed,
      Long splitsRemaining) {}

  /**
   * One submitted job of the pipeline.
   *
   * @param trigger start, resume, recover, auto-recover, reconcile or reattach
   * @param attempt for auto-recover, the automatic attempt's number since the last failure that was
   *     not itself one; otherwise the run's position in the history
   */
  public record Run(
      String flinkJobId,
      String trigger,
      int attempt,
      String state,
      String restoredFrom,
      String savepoint,
      String failureReason,
      Instant startedAt,
      Instant endedAt) {}
}
