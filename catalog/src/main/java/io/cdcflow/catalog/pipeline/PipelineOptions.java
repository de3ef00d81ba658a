package io.cdcflow.catalog.pipeline;

/**
 * Tuning of a pipeline's job; every field is optional in a definition and {@link
 * #withDefaults(PipelineMode)} fills what is missing.
 *
 * @param parallelism source readers and sink writers
 * @param chunkSize rows per snapshot chunk
 * @param fetchSize rows per fetch from the source
 * @param checkpointIntervalSeconds how often Flink checkpoints (and the sink flushes); a
 *     FULL_LOAD_ONLY job checkpoints at least every second (see the jobs' PipelineComposer)
 * @param batchSize rows per sink batch
 * @param flushIntervalMillis longest time a row waits in the sink before it is written
 * @param skipSnapshotBackfill at-least-once snapshot without the backfill pass (faster; the
 *     idempotent sink converges). Default: true for FULL_LOAD_ONLY, false otherwise. With the
 *     backfill every chunk is brought to the point in the log where its read ended, and a full load
 *     ends with the whole table as of one moment (the last chunk's end); without it each row is as
 *     of some moment between the start of the last chunk's read and the end of the load. A
 *     streaming pipeline keeps the backfill by default: its switch to the log reconciles with it.
 * @param restartAttempts times Flink restarts the job from its last checkpoint before it is FAILED
 *     (0 = no restart); counted per burst of failures: a job that then runs for ten minutes without
 *     failing has its count and delay reset
 * @param restartDelaySeconds pause before the first of those restarts; each next one waits twice as
 *     long (exponential delay), up to {@code restartMaxDelaySeconds}
 * @param restartMaxDelaySeconds the longest pause between two restarts
 * @param autoRecoverAttempts times the control API resubmits a FAILED job from its latest retained
 *     checkpoint before leaving it FAILED (0 = never); null = the server's default
 *     (CDCFLOW_AUTO_RECOVER_ATTEMPTS)
 * @param autoRecoverDelaySeconds pause before the first automatic resubmission, tripled for each
 *     next one; null = the server's default (CDCFLOW_AUTO_RECOVER_DELAY_SECONDS)
 * @param copySnapshot whether the full load reads the tables with cdcflow's parallel key-range
 *     reader (PostgreSQL: {@code COPY ... TO STDOUT}; MySQL/MariaDB: streamed {@code SELECT}) and a
 *     streaming pipeline then the log from the position taken before it, instead of Flink CDC's
 *     incremental snapshot (several times faster, and safe across restarts); default true. Tables
 *     with a column type that reader does not know use Flink CDC's reader either way.
 * @param autoRepair whether a difference the continuous verifier finds is repaired at once (its
 *     table copied again while the pipeline streams) instead of waiting for {@code POST
 *     /api/pipelines/{id}/repair}; default false
 * @param autoResnapshot whether a pipeline stopped by a gap in its change log starts afresh by
 *     itself (as {@code POST /api/pipelines/{id}/resnapshot}: its target tables emptied and every
 *     table copied again); default false, since readers of the target then see the tables refill
 * @param schemaChanges what the pipeline does when a copied table's columns change at the source;
 *     default {@link SchemaChangePolicy#EVOLVE}
 */
public record PipelineOptions(
    Integer parallelism,
    Integer chunkSize,
    Integer fetchSize,
    Integer checkpointIntervalSeconds,
    Integer batchSize,
    Integer flushIntervalMillis,
    Boolean skipSnapshotBackfill,
    Integer restartAttempts,
    Integer restartDelaySeconds,
    Integer restartMaxDelaySeconds,
    Integer autoRecoverAttempts,
    Integer autoRecoverDelaySeconds,
    Boolean copySnapshot,
    Boolean autoRepair,
    Boolean autoResnapshot,
    SchemaChangePolicy schemaChanges) {

  /** No option set: every one takes its default. */
  public static final PipelineOptions NONE =
      new PipelineOptions(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null);

  /**
   * The defaults of a streaming pipeline (see {@link #withDefaults(PipelineMode)}); the automatic
   * recovery settings stay null: they come from the server.
   */
  public static final PipelineOptions DEFAULTS =
      new PipelineOptions(
          2,
          50_000,
          5_000,
          30,
          5_000,
          500,
          false,
          3,
          10,
          120,
          null,
          null,
          true,
          false,
          false,
          SchemaChangePolicy.EVOLVE);

  /**
   * These options with what is missing taken from the defaults for the mode (which may be null).
   */
  public PipelineOptions withDefaults(PipelineMode mode) {
    Boolean skip =
        skipSnapshotBackfill != null
            ? skipSnapshotBackfill
            : mode == PipelineMode.FULL_LOAD_ONLY || DEFAULTS.skipSnapshotBackfill;
    return new PipelineOptions(
        parallelism != null ? parallelism : DEFAULTS.parallelism,
        chunkSize != null ? chunkSize : DEFAULTS.chunkSize,
        fetchSize != null ? fetchSize : DEFAULTS.fetchSize,
        checkpointIntervalSeconds != null
            ? checkpointIntervalSeconds
            : DEFAULTS.checkpointIntervalSeconds,
        batchSize != null ? batchSize : DEFAULTS.batchSize,
        flushIntervalMillis != null ? flushIntervalMillis : DEFAULTS.flushIntervalMillis,
        skip,
        restartAttempts != null ? restartAttempts : DEFAULTS.restartAttempts,
        restartDelaySeconds != null ? restartDelaySeconds : DEFAULTS.restartDelaySeconds,
        restartMaxDelaySeconds != null ? restartMaxDelaySeconds : DEFAULTS.restartMaxDelaySeconds,
        autoRecoverAttempts,
        autoRecoverDelaySeconds,
        copySnapshot != null ? copySnapshot : DEFAULTS.copySnapshot,
        autoRepair != null ? autoRepair : DEFAULTS.autoRepair,
        autoResnapshot != null ? autoResnapshot : DEFAULTS.autoResnapshot,
        schemaChanges != null ? schemaChanges : DEFAULTS.schemaChanges);
  }
}
