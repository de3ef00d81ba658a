package io.cdcflow.jobs.source;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.dialect.mysql.MySqlBinlog;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.ChangeEventDeserializer;
import io.cdcflow.jobs.spec.PipelineOptions;
import io.cdcflow.jobs.spec.PipelineSpec;
import java.util.Properties;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.mysql.table.StartupOptions;

/**
 * The MySQL/MariaDB source: the row binlog, after cdcflow's copy from the position the copy took
 * ({@link #startingAt}) or after Flink CDC's incremental snapshot, with one server id per reader
 * ({@code serverIdStart .. serverIdStart + parallelism - 1}). DDL records are asked for so that a
 * rename onto a pipeline table fails the job and a drop is logged; Debezium 1.9 reports no MySQL
 * TRUNCATE (see docs/type-mapping.md).
 */
final class MySqlSourceFactory {

  private MySqlSourceFactory() {}

  static Source<ChangeEvent, ?, ?> create(PipelineSpec spec) {
    return create(spec, startup(spec));
  }

  /**
   * The binlog after a copy, from {@code start} ("file:position", taken before the copy's first
   * range). Null only for the source's readers and serializers of a job restored while reading the
   * binlog (its enumerator is rebuilt from the position in the checkpoint, {@code
   * LogSourceAfterCopy}): none of them reads the startup options.
   */
  static Source<ChangeEvent, ?, ?> startingAt(PipelineSpec spec, String start) {
    if (start == null) {
      return create(spec, StartupOptions.latest());
    }
    MySqlBinlog.Position position = MySqlBinlog.Position.parse(start);
    return create(spec, StartupOptions.specificOffset(position.file(), position.offset()));
  }

  private static Source<ChangeEvent, ?, ?> create(PipelineSpec spec, StartupOptions startup) {
    ConnectionConfig c = spec.source();
    PipelineOptions o = spec.options();
    if (o.serverTimeZone() == null) {
      throw new IllegalStateException(
          "options.serverTimeZone is not resolved: run PipelineSetup.prepare before composing");
    }
    Properties jdbc = new Properties();
    jdbc.putAll(c.properties());
    return new MySqlPhaseGauges(
        MySqlSource.<ChangeEvent>builder()
            .hostname(c.host())
            .port(c.port())
            .databaseList(
                spec.tables().stream()
                    .map(t -> SourceTables.escape(t.sourceTable().schema()))
                    .distinct()
                    .toArray(String[]::new))
            .tableList(SourceTables.tableList(spec))
            .username(c.username())
            .password(c.password())
            .serverId(o.serverIdRange())
            .serverTimeZone(o.serverTimeZone())
            .splitSize(o.snapshotChunkSize())
            .fetchSize(o.fetchSize())
            .skipSnapshotBackfill(o.skipSnapshotBackfill())
            // a restored reader learns the columns of tables added since its state was taken
            // (else it drops their changes); Flink CDC's own snapshot also copies such tables
            // when it resumes, while the others keep streaming (after cdcflow's copy the job
            // copies them itself: the resnapshot operator)
            .scanNewlyAddedTableEnabled(true)
            .includeSchemaChanges(true)
            .startupOptions(startup)
            .jdbcProperties(jdbc)
            .debeziumProperties(debeziumProperties())
            .deserializer(new ChangeEventDeserializer(spec))
            .build());
  }

  private static StartupOptions startup(PipelineSpec spec) {
    return switch (spec.mode()) {
      case FULL_LOAD_ONLY -> StartupOptions.snapshot();
      case CDC_ONLY -> StartupOptions.latest();
      case FULL_LOAD_AND_CDC -> StartupOptions.initial();
    };
  }

  static Properties debeziumProperties() {
    Properties p = DebeziumSettings.common();
    p.setProperty("decimal.handling.mode", "precise");
    p.setProperty("bigint.unsigned.handling.mode", "precise");
    // Debezium's reader sleeps this long whenever its queue is empty, and Flink CDC's snapshot
    // reader hands each chunk over through that queue: 500 ms (the default) made the MySQL snapshot
    // wait after nearly every chunk (bench/README.md). A restart during that snapshot is no safer
    // at 500 ms; the copy-then-log path is what makes it safe, and PostgreSQL sources have it.
    p.setProperty("poll.interval.ms", "50");
    return p;
  }
}
