package io.cdcflow.api.monitoring;

import io.cdcflow.api.connections.ConnectionService;
import io.cdcflow.api.pipelines.LogContinuity;
import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.dialect.mysql.MySqlBinlog;
import io.cdcflow.catalog.dialect.postgres.PostgresReplication;
import io.cdcflow.catalog.dialect.postgres.SlotBacklog;
import io.cdcflow.catalog.dialect.postgres.SlotState;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.jobs.event.SourcePosition;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the source database itself what a pipeline holds back: for a PostgreSQL source the WAL
 * retained by the pipeline's slots and the WAL it has not confirmed (independent of Flink, so it
 * works for stopped pipelines too, which is when a slot is most dangerous); for MySQL/MariaDB the
 * binlog bytes between the newest change the sink applied and the server's current position.
 */
final class SourceBacklogProbe {

  private static final Logger LOG = LoggerFactory.getLogger(SourceBacklogProbe.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ConnectionService connections;

  SourceBacklogProbe(ConnectionService connections) {
    this.connections = connections;
  }

  /**
   * The figures the source gives; empty when it has none for this pipeline or is unreachable.
   *
   * @param appliedPosition the newest source position the sink applied, when known (see {@link
   *     SourcePosition})
   * @param slotMade whether a job of the pipeline has streamed from its slot since it last started
   *     afresh: only then is a missing slot a gap in the log
   * @param confirmedAtStop where the slot stood when the last job stopped cleanly, or null
   */
  Map<PipelineMetric, Double> read(
      PipelineRow row, OptionalLong appliedPosition, boolean slotMade, String confirmedAtStop) {
    Map<PipelineMetric, Double> values = new EnumMap<>(PipelineMetric.class);
    try {
      ConnectionConfig source = connections.config(row.sourceConnectionId());
      boolean binlog =
          source.type() == DatabaseType.MYSQL && row.mode() != PipelineMode.FULL_LOAD_ONLY;
      if (row.slotName() == null && !binlog) {
        return values;
      }
      try (Connection c = JdbcConnector.open(source, TIMEOUT)) {
        if (binlog) {
          MySqlBinlog binlogs = new MySqlBinlog(c);
          binlogs
              .retentionSeconds()
              .ifPresent(s -> values.put(PipelineMetric.BINLOG_RETENTION_SECONDS, (double) s));
          // the binlog position lives in the job's state: a purge is known once a job failed on it
          values.put(PipelineMetric.LOG_GAP, LogContinuity.isGap(row.stateReason()) ? 1.0 : 0.0);
          if (appliedPosition.isPresent()) {
            long position = appliedPosition.getAsLong();
            values.put(
                PipelineMetric.SOURCE_BEHIND_BYTES,
                (double)
                    MySqlBinlog.distance(
                        binlogs.files(),
                        SourcePosition.binlogSequenceOf(position),
                        SourcePosition.binlogOffsetOf(position)));
          }
          return values;
        }
        PostgresReplication replication = new PostgresReplication(c);
        Optional<SlotState> slot = replication.slot(row.slotName());
        slot.map(SlotState::safeWalBytes)
            .ifPresent(safe -> values.put(PipelineMetric.SLOT_SAFE_WAL_BYTES, (double) safe));
        boolean failedOnGap = LogContinuity.isGap(row.stateReason());
        if (slotMade || failedOnGap) {
          boolean gap =
              failedOnGap || SlotState.gap(row.slotName(), slot, confirmedAtStop).isPresent();
          values.put(PipelineMetric.LOG_GAP, gap ? 1.0 : 0.0);
        }
        Optional<SlotBacklog> backlog = replication.backlog(row.slotName());
        backlog.ifPresent(
            b -> {
              values.put(PipelineMetric.SLOT_RETAINED_BYTES, (double) b.retainedBytes());
              values.put(PipelineMetric.SOURCE_BEHIND_BYTES, (double) b.unconfirmedBytes());
              values.put(PipelineMetric.SLOT_ACTIVE, b.active() ? 1.0 : 0.0);
            });
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Source backlog of pipeline '{}' unavailable: {}", row.name(), e.getMessage());
    }
    return values;
  }
}
