package io.cdcflow.jobs.event;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.jobs.spec.ColumnSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asks {@code pg_attribute} what became of a table's columns, as pgoutput's relation messages do
 * not say: a rename keeps the column's attribute number, a drop leaves it unused, and a column the
 * table still has was not dropped whatever older records of the log lack. The numbers of the spec's
 * columns come with the spec; those of added columns are learnt when they appear. Asked only when a
 * table's columns change.
 */
final class PostgresColumnEvidence implements TableColumns.SourceEvidence {

  private static final String LIVE_COLUMNS =
      """
      SELECT a.attnum, a.attname FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
      """;

  private final ConnectionConfig source;
  private final Map<TableId, Map<String, Integer>> numbers = new HashMap<>();

  PostgresColumnEvidence(ConnectionConfig source) {
    this.source = source;
  }

  @Override
  public TableColumns.Evidence of(TableSpec table, List<String> gone, List<String> appeared) {
    Map<String, Integer> known = numbers.computeIfAbsent(table.sourceTable(), id -> spec(table));
    Map<Integer, String> live;
    try {
      live = liveColumns(table.sourceTable());
    } catch (SQLException e) {
      // guessing would turn a rename into a drop and an add: the job restarts and asks again
      throw new IllegalStateException(
          "cannot read the columns of "
              + table.sourceTable()
              + " at the source, to tell what became of "
              + gone
              + " and "
              + appeared
              + ": "
              + e.getMessage(),
          e);
    }
    Map<String, String> renamed = new LinkedHashMap<>();
    Set<String> dropped = new HashSet<>();
    Set<String> liveNames = new HashSet<>(live.values());
    for (String name : gone) {
      Integer number = known.get(name);
      String now = number == null ? null : live.get(number);
      if (now != null && !now.equals(name) && appeared.contains(now)) {
        renamed.put(name, now);
      } else if (!liveNames.contains(name) && now == null) {
        dropped.add(name);
      }
    }
    live.forEach((number, name) -> known.put(name, number));
    return new TableColumns.Evidence(renamed, dropped);
  }

  private static Map<String, Integer> spec(TableSpec table) {
    Map<String, Integer> m = new HashMap<>();
    for (ColumnSpec c : table.columns()) {
      if (c.sourcePosition() > 0) {
        m.put(c.name(), c.sourcePosition());
      }
    }
    return m;
  }

  private Map<Integer, String> liveColumns(TableId table) throws SQLException {
    Map<Integer, String> live = new HashMap<>();
    try (Connection c = JdbcConnector.open(source);
        PreparedStatement ps = c.prepareStatement(LIVE_COLUMNS)) {
      ps.setString(1, table.schema());
      ps.setString(2, table.name());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          live.put(rs.getInt(1), rs.getString(2));
        }
      }
    }
    return live;
  }
}
