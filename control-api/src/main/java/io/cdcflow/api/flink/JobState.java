package io.cdcflow.api.flink;

/** A Flink job's state, as the REST API reports it (Flink's {@code JobStatus}). */
public enum JobState {
  INITIALIZING,
  CREATED,
  RUNNING,
  FAILING,
  FAILED,
  CANCELLING,
  CANCELED,
  FINISHED,
  RESTARTING,
  SUSPENDED,
  RECONCILING;

  /** The job will not change state again: FAILED, CANCELED or FINISHED. */
  public boolean isGloballyTerminal() {
    return this == FAILED || this == CANCELED || this == FINISHED;
  }

  static JobState parse(String value) {
    try {
      return valueOf(value);
    } catch (IllegalArgumentException e) {
      throw FlinkClusterException.failed("Flink reported an unknown job state '" + value + "'");
    }
  }
}
