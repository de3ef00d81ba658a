package io.cdcflow.api.monitoring;

import io.cdcflow.api.connections.ConnectionService;
import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.catalog.store.PipelineTableRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the tables of a pipeline's job that the source no longer has. A PostgreSQL source says
 * nothing in its log when a table is dropped (the publication just loses it), and a MySQL DROP
 * TABLE only reaches the job's log file, so the job streams on, healthy, while the table's target
 * no longer follows anything. Each round lists the source's tables in the schemas of the pipeline's
 * tables and marks each table missing (since when) or present in the catalog, where the status
 * shows it; the count is {@code source_tables_missing}.
 */
public final class SourceTablesProbe implements MetricsCollector.FigureSource {

  private static final Logger LOG = LoggerFactory.getLogger(SourceTablesProbe.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ConnectionService connections;
  private final PipelineDao pipelines;

  public SourceTablesProbe(ConnectionService connections, PipelineDao pipelines) {
    this.connections = connections;
    this.pipelines = pipelines;
  }

  @Override
  public Map<PipelineMetric, Double> figures(PipelineRow row, Instant now) {
    if (!row.state().isActive()
        && row.state() != PipelineState.STOPPED
        && row.state() != PipelineState.FAILED) {
      return Map.of();
    }
    List<PipelineTableRow> tables = pipelines.tables(row.id());
    if (tables.isEmpty()) {
      return Map.of();
    }
    ConnectionConfig source = connections.config(row.sourceConnectionId());
    Set<TableId> present = new HashSet<>();
    Set<String> schemas = new HashSet<>();
    tables.forEach(t -> schemas.add(t.source().schema()));
    // names only, from the view both databases have (partitions included): the introspector's
    // listing also reads sizes and row estimates, too much for every round
    try (Connection c = JdbcConnector.open(source, TIMEOUT);
        PreparedStatement st =
            c.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
      st.setQueryTimeout((int) TIMEOUT.toSeconds());
      for (String schema : schemas) {
        st.setString(1, schema);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            present.add(new TableId(schema, rs.getString(1)));
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Pipeline '{}': source tables not listed: {}", row.name(), e.getMessage());
      return Map.of(); // an unreachable source is reported by the job and the connection test
    }
    int missing = 0;
    for (PipelineTableRow t : tables) {
      boolean gone = !present.contains(t.source());
      if (gone) {
        missing++;
      }
      if (gone != (t.missingSince() != null)) {
        pipelines.setMissing(row.id(), t.source().schema(), t.source().name(), gone);
        if (gone) {
          LOG.warn(
              "Pipeline '{}': source table {} no longer exists (dropped or renamed); its target"
                  + " table {} is kept as it is",
              row.name(),
              t.source(),
              t.target());
        } else {
          LOG.info("Pipeline '{}': source table {} exists again", row.name(), t.source());
        }
      }
    }
    return Map.of(PipelineMetric.SOURCE_TABLES_MISSING, (double) missing);
  }
}
