package io.cdcflow.api.connectors;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/connectors/{name}/status}: the connector with its tasks (the Flink subtasks of
 * its vertex), the pipeline job's newest completed checkpoint and its newest errors.
 *
 * @param stateReason why the pipeline is in its state (failure cause, recovery plan)
 * @param flinkJobId the pipeline's current (or last) Flink job
 * @param tasks one per subtask; empty when no job is known to the cluster
 * @param errors the job's newest failures, newest first (at most five)
 */
public record ConnectorStatus(
    ConnectorView connector,
    String stateReason,
    String flinkJobId,
    String flinkState,
    List<Task> tasks,
    Checkpoint lastCheckpoint,
    List<Error> errors) {

  public ConnectorStatus {
    tasks = List.copyOf(tasks);
    errors = List.copyOf(errors);
  }

  /** A subtask: Flink's execution state, its attempt number and where it runs. */
  public record Task(int id, String state, int attempt, String worker, Instant startedAt) {}

  /** The newest completed checkpoint of the job. */
  public record Checkpoint(long id, Instant completedAt, String path) {}

  /** A job failure: when, in which task, and its root cause. */
  public record Error(Instant at, String task, String exception, String rootCause) {}
}
