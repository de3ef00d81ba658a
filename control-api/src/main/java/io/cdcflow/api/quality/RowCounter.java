package io.cdcflow.api.quality;

import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.discovery.Partition;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TableSummary;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts a table's rows with {@code count(*)} bounded by a statement timeout, or reads the estimate
 * from the database's statistics. A count that fails or times out is reported, not thrown.
 */
final class RowCounter {

  private final Duration timeout;

  RowCounter(Duration timeout) {
    this.timeout = timeout;
  }

  RowCount exact(Connection connection, Dialect dialect, TableId table) {
    int seconds = (int) Math.max(1, timeout.toSeconds());
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout(seconds);
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + dialect.quote(table))) {
        rs.next();
        return RowCount.counted(rs.getLong(1));
      }
    } catch (SQLTimeoutException e) {
      return RowCount.timedOut(seconds);
    } catch (SQLException e) {
      // PostgreSQL: query_canceled; MariaDB: max_statement_time exceeded (1969)
      if ("57014".equals(e.getSQLState()) || e.getErrorCode() == 1969 || e.getErrorCode() == 3024) {
        return RowCount.timedOut(seconds);
      }
      return RowCount.failed(firstLine(e.getMessage()));
    }
  }

  /** The statistics' estimates of the tables of one database, read once per schema. */
  static final class Estimates {
    private final Connection connection;
    private final Dialect dialect;
    private final Map<String, Map<TableId, Long>> bySchema = new HashMap<>();

    Estimates(Connection connection, Dialect dialect) {
      this.connection = connection;
      this.dialect = dialect;
    }

    RowCount of(TableId table) {
      try {
        Map<TableId, Long> schema = bySchema.get(table.schema());
        if (schema == null) {
          schema = new HashMap<>();
          for (TableSummary t : dialect.introspector(connection).tables(table.schema(), null)) {
            schema.put(t.id(), t.estimatedRows());
          }
          bySchema.put(table.schema(), schema);
        }
        if (!schema.containsKey(table)) {
          // a listing leaves partitions out: a partition selected on its own is asked for by name
          for (Partition p : dialect.introspector(connection).partitions(List.of(table))) {
            schema.put(p.table().id(), p.table().estimatedRows());
          }
        }
        return Optional.ofNullable(schema.get(table))
            .map(RowCount::estimated)
            .orElseGet(RowCount::noTable);
      } catch (SQLException e) {
        return RowCount.failed(firstLine(e.getMessage()));
      }
    }
  }

  static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
