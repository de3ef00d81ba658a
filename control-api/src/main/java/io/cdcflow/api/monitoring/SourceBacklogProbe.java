package io.cdcflow.api.monitoring;

import io.cdcflow.api.connections.ConnectionService;
import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.dialect.postgres.PostgresReplication;
import io.cdcflow.catalog.dialect.postgres.SlotBacklog;
import io.cdcflow.catalog.store.PipelineRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the source database itself what a pipeline holds back, independent of Flink: for a
 * PostgreSQL source the WAL retained by the pipeline's slots and the WAL it has not confirmed.
 * Works for stopped pipelines too, which is when a slot is most dangerous.
 */
final class SourceBacklogProbe {

  private static final Logger LOG = LoggerFactory.getLogger(SourceBacklogProbe.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ConnectionService connections;

  SourceBacklogProbe(ConnectionService connections) {
    this.connections = connections;
  }

  /** The figures the source gives; empty when it has none for this pipeline or is unreachable. */
  Map<PipelineMetric, Double> read(PipelineRow row) {
    Map<PipelineMetric, Double> values = new EnumMap<>(PipelineMetric.class);
    if (row.slotName() == null) {
      return values;
    }
    try {
      ConnectionConfig source = connections.config(row.sourceConnectionId());
      try (Connection c = JdbcConnector.open(source, TIMEOUT)) {
        Optional<SlotBacklog> backlog = new PostgresReplication(c).backlog(row.slotName());
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
