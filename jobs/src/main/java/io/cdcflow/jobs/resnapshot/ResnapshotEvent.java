package io.cdcflow.jobs.resnapshot;

import org.apache.flink.runtime.operators.coordination.OperatorEvent;

/** Between the {@link ResnapshotCoordinator} and its {@link ResnapshotOperator}s. */
sealed interface ResnapshotEvent extends OperatorEvent {

  /** Operator → coordinator: the log is read in this subtask's task. */
  record LogHere() implements ResnapshotEvent {}

  /**
   * The log's operator → coordinator: the source truncated this table (its {@code schema.table}):
   * copy it again, so that the target loses the rows the source lost.
   */
  record Truncated(String table) implements ResnapshotEvent {}

  /** Coordinator → the log's operator: copy this table again, from where the task says. */
  record Requested(ResnapshotTask task) implements ResnapshotEvent {}

  /** The log's operator → coordinator, after each step. */
  record Reported(ResnapshotTask task) implements ResnapshotEvent {}
}
