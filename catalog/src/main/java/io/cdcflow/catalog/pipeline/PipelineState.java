package io.cdcflow.catalog.pipeline;

/** Where a pipeline is in its life. */
public enum PipelineState {
  CREATED,
  STARTING,
  SNAPSHOTTING,
  STREAMING,
  COMPLETED,
  STOPPING,
  STOPPED,
  FAILED,
  RECOVERING;

  /** A job is (or is about to be) on the cluster. */
  public boolean isActive() {
    return this == STARTING
        || this == SNAPSHOTTING
        || this == STREAMING
        || this == STOPPING
        || this == RECOVERING;
  }
}
