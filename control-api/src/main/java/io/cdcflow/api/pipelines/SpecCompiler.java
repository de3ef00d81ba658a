package io.cdcflow.api.pipelines;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.discovery.TableSchema;
import io.cdcflow.catalog.pipeline.PipelineDefinition;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.jobs.spec.PipelineOptions;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Definition + discovered schemas → PipelineSpec: every table resolved with its columns, target
 * types and key, options with defaults, the replication names the pipeline owns. Pure: the database
 * work happened before (see {@link PipelinePlanner}).
 */
final class SpecCompiler {

  PipelineSpec compile(
      PipelineRow row,
      PipelineDefinition definition,
      List<TablePlan> plan,
      Map<io.cdcflow.catalog.discovery.TableId, TableSchema> schemas,
      ConnectionConfig source,
      ConnectionConfig target) {
    List<TableSpec> tables =
        plan.stream()
            .map(
                p ->
                    TableSpec.fromSchema(
                        schemas.get(p.source()),
                        p.target(),
                        source.type(),
                        target.type(),
                        p.keyColumns()))
            .toList();
    io.cdcflow.catalog.pipeline.PipelineOptions o = definition.options();
    PipelineOptions options =
        PipelineOptions.builder()
            .parallelism(o.parallelism())
            .snapshotChunkSize(o.chunkSize())
            .fetchSize(o.fetchSize())
            .checkpointInterval(Duration.ofSeconds(o.checkpointIntervalSeconds()))
            .sinkBatchSize(o.batchSize())
            .sinkFlushInterval(Duration.ofMillis(o.flushIntervalMillis()))
            .skipSnapshotBackfill(o.skipSnapshotBackfill())
            .copySnapshot(o.copySnapshot())
            .schemaChanges(o.schemaChanges())
            .restartAttempts(o.restartAttempts())
            .restartDelay(Duration.ofSeconds(o.restartDelaySeconds()))
            .restartMaxDelay(Duration.ofSeconds(o.restartMaxDelaySeconds()))
            .slotName(row.slotName())
            .publicationName(row.publicationName())
            .serverIdStart(row.serverIdStart() == null ? null : row.serverIdStart().longValue())
            .build();
    return new PipelineSpec(
        row.id().toString(), row.name(), row.mode(), source, target, tables, options);
  }
}
