package io.cdcflow.jobs.spec;

import io.cdcflow.catalog.pipeline.SchemaChangePolicy;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;

/**
 * How a pipeline's job runs. Every field has a default (a null in the constructor takes it); the
 * replication slot, publication and MySQL server-id start are derived from the pipeline id when not
 * given, see {@link #resolvedFor(String)}.
 *
 * @param parallelism source readers and sink writers
 * @param snapshotChunkSize rows per snapshot chunk
 * @param fetchSize rows per JDBC fetch while snapshotting
 * @param checkpointInterval how often Flink checkpoints (the PostgreSQL slot advances only then)
 * @param sinkBatchSize buffered rows that trigger a write to the target
 * @param sinkFlushInterval the longest a buffered row waits
 * @param slotName PostgreSQL replication slot (the snapshot readers add {@code _<n>} slots)
 * @param publicationName PostgreSQL publication, limited to the pipeline's tables
 * @param serverIdStart first MySQL server id; the job uses {@code start .. start+parallelism-1}
 * @param skipSnapshotBackfill at-least-once snapshot without the per-chunk log backfill (faster)
 * @param serverTimeZone MySQL server time zone; null = asked from the server when the job starts
 * @param restartAttempts times Flink restarts the job from its last checkpoint after a failure
 * @param restartDelay pause before the first restart of a burst of failures; doubled for each next
 * @param restartMaxDelay the longest pause between two restarts
 * @param copySnapshot the full load (and then, for a streaming pipeline, the log from the position
 *     taken before it) is read by cdcflow's parallel key-range reader when every column type allows
 *     it (see {@code CopySnapshotSource}); false: by Flink CDC's incremental snapshot
 * @param schemaChanges what the job does when a copied table's columns change at the source
 */
public record PipelineOptions(
    Integer parallelism,
    Integer snapshotChunkSize,
    Integer fetchSize,
    Duration checkpointInterval,
    Integer sinkBatchSize,
    Duration sinkFlushInterval,
    String slotName,
    String publicationName,
    Long serverIdStart,
    Boolean skipSnapshotBackfill,
    String serverTimeZone,
    Integer restartAttempts,
    Duration restartDelay,
    Duration restartMaxDelay,
    Boolean copySnapshot,
    SchemaChangePolicy schemaChanges)
    implements Serializable {

  public static final int DEFAULT_PARALLELISM = 1;
  public static final int DEFAULT_SNAPSHOT_CHUNK_SIZE = 8096;
  public static final int DEFAULT_FETCH_SIZE = 1024;
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
  public static final int DEFAULT_SINK_BATCH_SIZE = 2000;
  public static final Duration DEFAULT_SINK_FLUSH_INTERVAL = Duration.ofSeconds(1);
  public static final int DEFAULT_RESTART_ATTEMPTS = 3;
  public static final Duration DEFAULT_RESTART_DELAY = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RESTART_MAX_DELAY = Duration.ofMinutes(2);

  /** Server ids derived from a pipeline id fall in [BASE, BASE + SPAN). */
  static final long SERVER_ID_BASE = 100_000L;

  static final long SERVER_ID_SPAN = 2_000_000_000L;

  public PipelineOptions {
    parallelism = parallelism == null ? DEFAULT_PARALLELISM : parallelism;
    snapshotChunkSize = snapshotChunkSize == null ? DEFAULT_SNAPSHOT_CHUNK_SIZE : snapshotChunkSize;
    fetchSize = fetchSize == null ? DEFAULT_FETCH_SIZE : fetchSize;
    checkpointInterval =
        checkpointInterval == null ? DEFAULT_CHECKPOINT_INTERVAL : checkpointInterval;
    sinkBatchSize = sinkBatchSize == null ? DEFAULT_SINK_BATCH_SIZE : sinkBatchSize;
    sinkFlushInterval = sinkFlushInterval == null ? DEFAULT_SINK_FLUSH_INTERVAL : sinkFlushInterval;
    skipSnapshotBackfill = skipSnapshotBackfill != null && skipSnapshotBackfill;
    restartAttempts = restartAttempts == null ? DEFAULT_RESTART_ATTEMPTS : restartAttempts;
    restartDelay = restartDelay == null ? DEFAULT_RESTART_DELAY : restartDelay;
    restartMaxDelay = restartMaxDelay == null ? DEFAULT_RESTART_MAX_DELAY : restartMaxDelay;
    copySnapshot = copySnapshot == null || copySnapshot;
    schemaChanges = schemaChanges == null ? SchemaChangePolicy.EVOLVE : schemaChanges;
  }

  public static PipelineOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .parallelism(parallelism)
        .snapshotChunkSize(snapshotChunkSize)
        .fetchSize(fetchSize)
        .checkpointInterval(checkpointInterval)
        .sinkBatchSize(sinkBatchSize)
        .sinkFlushInterval(sinkFlushInterval)
        .slotName(slotName)
        .publicationName(publicationName)
        .serverIdStart(serverIdStart)
        .skipSnapshotBackfill(skipSnapshotBackfill)
        .serverTimeZone(serverTimeZone)
        .restartAttempts(restartAttempts)
        .restartDelay(restartDelay)
        .restartMaxDelay(restartMaxDelay)
        .copySnapshot(copySnapshot)
        .schemaChanges(schemaChanges);
  }

  /** These options with slot, publication and server ids filled in from the pipeline id. */
  public PipelineOptions resolvedFor(String pipelineId) {
    if (pipelineId == null || pipelineId.isBlank()) {
      return this;
    }
    String base = identifierFrom(pipelineId);
    return toBuilder()
        .slotName(slotName != null ? slotName : "cdcflow_" + base)
        .publicationName(publicationName != null ? publicationName : "cdcflow_" + base)
        .serverIdStart(
            serverIdStart != null
                ? serverIdStart
                : SERVER_ID_BASE + Math.floorMod((long) pipelineId.hashCode() * 64, SERVER_ID_SPAN))
        .build();
  }

  /** The MySQL server-id range for the source readers, e.g. "5400-5403". */
  public String serverIdRange() {
    return serverIdStart + "-" + (serverIdStart + parallelism - 1);
  }

  /**
   * A slot-safe form of the id: lower-case letters, digits and underscores, at most 40 characters
   * (the readers' backfill slots append {@code _<n>}; PostgreSQL allows 63).
   */
  static String identifierFrom(String id) {
    String cleaned = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (cleaned.length() <= 40) {
      return cleaned;
    }
    String hash = Integer.toHexString(id.hashCode());
    return cleaned.substring(0, 40 - hash.length() - 1) + "_" + hash;
  }

  /** Builds options; unset fields take their defaults. */
  public static final class Builder {
    private Integer parallelism;
    private Integer snapshotChunkSize;
    private Integer fetchSize;
    private Duration checkpointInterval;
    private Integer sinkBatchSize;
    private Duration sinkFlushInterval;
    private String slotName;
    private String publicationName;
    private Long serverIdStart;
    private Boolean skipSnapshotBackfill;
    private String serverTimeZone;
    private Integer restartAttempts;
    private Duration restartDelay;
    private Duration restartMaxDelay;
    private Boolean copySnapshot;
    private SchemaChangePolicy schemaChanges;

    public Builder parallelism(Integer v) {
      parallelism = v;
      return this;
    }

    public Builder snapshotChunkSize(Integer v) {
      snapshotChunkSize = v;
      return this;
    }

    public Builder fetchSize(Integer v) {
      fetchSize = v;
      return this;
    }

    public Builder checkpointInterval(Duration v) {
      checkpointInterval = v;
      return this;
    }

    public Builder sinkBatchSize(Integer v) {
      sinkBatchSize = v;
      return this;
    }

    public Builder sinkFlushInterval(Duration v) {
      sinkFlushInterval = v;
      return this;
    }

    public Builder slotName(String v) {
      slotName = v;
      return this;
    }

    public Builder publicationName(String v) {
      publicationName = v;
      return this;
    }

    public Builder serverIdStart(Long v) {
      serverIdStart = v;
      return this;
    }

    public Builder skipSnapshotBackfill(Boolean v) {
      skipSnapshotBackfill = v;
      return this;
    }

    public Builder serverTimeZone(String v) {
      serverTimeZone = v;
      return this;
    }

    public Builder restartAttempts(Integer v) {
      restartAttempts = v;
      return this;
    }

    public Builder restartDelay(Duration v) {
      restartDelay = v;
      return this;
    }

    public Builder restartMaxDelay(Duration v) {
      restartMaxDelay = v;
      return this;
    }

    public Builder copySnapshot(Boolean v) {
      copySnapshot = v;
      return this;
    }

    public Builder schemaChanges(SchemaChangePolicy v) {
      schemaChanges = v;
      return this;
    }

    public PipelineOptions build() {
      return new PipelineOptions(
          parallelism,
          snapshotChunkSize,
          fetchSize,
          checkpointInterval,
          sinkBatchSize,
          sinkFlushInterval,
          slotName,
          publicationName,
          serverIdStart,
          skipSnapshotBackfill,
          serverTimeZone,
          restartAttempts,
          restartDelay,
          restartMaxDelay,
          copySnapshot,
          schemaChanges);
    }
  }
}
