package io.cdcflow.jobs.source;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.ChangeEventDeserializer;
import io.cdcflow.jobs.spec.PipelineOptions;
import io.cdcflow.jobs.spec.PipelineSpec;
import java.util.Properties;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder;

/**
 * The PostgreSQL source: Flink CDC's incremental (chunked, parallel, lock-free) snapshot, then
 * pgoutput from the pipeline's slot through the pipeline's publication, which {@code
 * PostgresReplication.ensurePublication} has made before the job starts (Debezium must not create
 * it: {@code publication.autocreate.mode=disabled}).
 */
final class PostgresSourceFactory {

  private PostgresSourceFactory() {}

  static Source<ChangeEvent, ?, ?> create(PipelineSpec spec) {
    ConnectionConfig c = spec.source();
    PipelineOptions o = spec.options();
    return PostgresSourceBuilder.PostgresIncrementalSource.<ChangeEvent>builder()
        .hostname(c.host())
        .port(c.port())
        .database(c.database())
        .schemaList(SourceTables.schemaList(spec))
        .tableList(SourceTables.tableList(spec))
        .username(c.username())
        .password(c.password())
        .slotName(o.slotName())
        .decodingPluginName("pgoutput")
        .splitSize(o.snapshotChunkSize())
        .fetchSize(o.fetchSize())
        .skipSnapshotBackfill(o.skipSnapshotBackfill())
        // tables added to a stopped pipeline's selection are snapshotted when it resumes from its
        // savepoint while the others keep streaming (the restored enumerator compares the tables
        // it discovers with those in its state); only a source that goes on streaming has that
        .scanNewlyAddedTableEnabled(
            spec.mode() == PipelineMode.FULL_LOAD_AND_CDC && !SourceTranslator.copiesByCopy(spec))
        // Flink CDC lists ordinary tables only, so a selected partitioned table was never read
        .includePartitionedTables(true)
        .startupOptions(startup(spec))
        .debeziumProperties(debeziumProperties(spec))
        .deserializer(new ChangeEventDeserializer(spec))
        .build();
  }

  private static StartupOptions startup(PipelineSpec spec) {
    return switch (spec.mode()) {
      case FULL_LOAD_ONLY -> StartupOptions.snapshot();
      case CDC_ONLY -> StartupOptions.latest();
      // after a COPY the log is read from the slot, made before the copy and not advanced since
      case FULL_LOAD_AND_CDC ->
          SourceTranslator.copiesByCopy(spec)
              ? StartupOptions.committed()
              : StartupOptions.initial();
    };
  }

  /**
   * Numerics as text where only the log is read: the precise mode fails the job on NaN and
   * infinities, which PostgreSQL's numeric holds, and DebeziumValues reads every other value back
   * into a BigDecimal. Flink CDC's own snapshot keeps the precise mode: it compares each change's
   * key with its chunks' bounds, read as BigDecimal, and a text key would fall outside them.
   */
  static String decimalHandling(PipelineSpec spec) {
    return spec.mode() == PipelineMode.CDC_ONLY || SourceTranslator.copiesByCopy(spec)
        ? "string"
        : "precise";
  }

  static Properties debeziumProperties(PipelineSpec spec) {
    Properties p = DebeziumSettings.common();
    p.setProperty("decimal.handling.mode", decimalHandling(spec));
    p.setProperty("publication.name", spec.options().publicationName());
    p.setProperty("publication.autocreate.mode", "disabled");
    p.setProperty("interval.handling.mode", "string");
    p.setProperty("hstore.handling.mode", "json");
    p.setProperty("unavailable.value.placeholder", ChangeEventDeserializer.UNAVAILABLE_PLACEHOLDER);
    p.setProperty("truncate.handling.mode", "include");
    // the user's JDBC properties (sslmode, ...) reach the driver through Debezium's database.*
    spec.source().properties().forEach((k, v) -> p.setProperty("database." + k, v));
    return p;
  }
}
