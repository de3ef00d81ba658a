package io.cdcflow.jobs.sink;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.pipeline.SchemaChangePolicy;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * What the sink needs from the spec: the target, its tables, and when to flush.
 *
 * @param maxRetries attempts after the first for a flush that fails with a transient error
 * @param schemaChanges the pipeline's policy: whether a column change the target refuses fails the
 *     job
 */
public record SinkSettings(
    ConnectionConfig target,
    List<TableSpec> tables,
    int batchSize,
    Duration flushInterval,
    int maxRetries,
    SchemaChangePolicy schemaChanges)
    implements Serializable {

  public static final int DEFAULT_MAX_RETRIES = 3;

  public SinkSettings {
    tables = List.copyOf(tables);
    schemaChanges = schemaChanges == null ? SchemaChangePolicy.EVOLVE : schemaChanges;
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
    }
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval must be positive, was " + flushInterval);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
    }
  }

  public static SinkSettings of(PipelineSpec spec) {
    return new SinkSettings(
        spec.target(),
        spec.tables(),
        spec.options().sinkBatchSize(),
        spec.options().sinkFlushInterval(),
        DEFAULT_MAX_RETRIES,
        spec.options().schemaChanges());
  }
}
