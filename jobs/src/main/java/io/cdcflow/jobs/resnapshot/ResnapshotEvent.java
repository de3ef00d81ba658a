package io.cdcflow.jobs.resnapshot;

import org.apache.flink.runtime.operators.coordination.OperatorEvent;

/** Between the {@link ResnapshotCoordinator} and its {@link ResnapshotOperator}s. */
sealed interface ResnapshotEvent extends OperatorEvent {

  /** Coordinator → the log's operator: copy this table again (ignored when already taken). */
  record Requested(ResnapshotProgress request) implements ResnapshotEvent {}

  /** Operator → coordinator, after each step. */
  record Reported(ResnapshotProgress progress) implements ResnapshotEvent {}

  /** Operator → coordinator: a subtask other than the first saw a change of the log. */
  record LogElsewhere(int subtask) implements ResnapshotEvent {}
}
