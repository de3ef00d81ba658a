package io.cdcflow.catalog.pipeline;

/** What a pipeline moves: the existing rows, the changes from now on, or both without a gap. */
public enum PipelineMode {
  /** Snapshot every selected table, then finish. */
  FULL_LOAD_ONLY,
  /** Stream changes made after the start; no snapshot. */
  CDC_ONLY,
  /** Snapshot, then stream from the position the snapshot started at. */
  FULL_LOAD_AND_CDC;

  public boolean snapshots() {
    return this != CDC_ONLY;
  }

  public boolean streams() {
    return this != FULL_LOAD_ONLY;
  }
}
