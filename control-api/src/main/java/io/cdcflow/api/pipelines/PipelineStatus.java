package io.cdcflow.api.pipelines;

import io.cdcflow.api.monitoring.MonitoringViews.TableSnapshot;
import io.cdcflow.catalog.pipeline.PipelineState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    Verification verification,
    List<MissingTable> sourceTablesMissing,
    List<Run> runs) {

  /** A table of the pipeline the source no longer has (dropped or renamed there), found since. */
  public record MissingTable(String table, String targetTable, Instant since) {}

  /**
   * What the continuous verifier has found open: differences that stayed after the lag had passed
   * ({@code GET /api/pipelines/{id}/verification} names them).
   *
   * @param oldestFoundAt when the oldest open finding was found; null when none is open
   */
  public record Verification(int openFindings, int rowsMismatched, Instant oldestFoundAt) {}

  /** The newest completed checkpoint. */
  public record Checkpoint(Long id, Instant completedAt, String path) {}

  /**
   * Snapshot phase figures from the source's split enumerator.
   *
   * @param rowsEstimated for a copy by key ranges: the planner's row estimate of the tables copied
   * @param rowsCopied rows of the key ranges finished
   * @param etaSeconds seconds until the estimated rows are copied at the copy's rate so far (-1:
   *     not known yet)
   * @param tables each source table's progress, keyed {@code schema.table}
   */
  public record SnapshotProgress(
      Boolean snapshotting,
      Long tablesSnapshotted,
      Long tablesRemaining,
      Long splitsProcessed,
      Long splitsRemaining,
      Long rowsEstimated,
      Long rowsCopied,
      Long etaSeconds,
      Map<String, TableSnapshot> tables) {}

  /**
   * One submitted job of the pipeline.
   *
   * @param trigger start, resume, recover, auto-recover, reconcile, reattach or resnapshot
   * @param attempt for auto-recover, the automatic attempt's number since the last failure that was
   *     not itself one; otherwise the run's position in the history
   * @param streamingAt when cdcflow first saw the run streaming, its copy done (within the
   *     watcher's interval); null while it copies, and for a run that never streamed
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
      Instant endedAt,
      Instant streamingAt) {}
}
