package io.cdcflow.api.quality;

import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.discovery.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads the rows of one key range of a table, ordered by key and bounded by a limit, with every
 * value normalised. Identifiers are quoted by the dialect; bounds and limit are bound parameters.
 */
final class RangeReader {

  private final Duration timeout;

  RangeReader(Duration timeout) {
    this.timeout = timeout;
  }

  List<NormalisedRow> read(
      Connection connection,
      Dialect dialect,
      TableId table,
      List<String> columns,
      List<String> keyColumns,
      KeyRange.Bounds bounds,
      int limit,
      ValueReadings readings)
      throws SQLException {
    String keys =
        keyColumns.stream().map(dialect::quoteIdentifier).collect(Collectors.joining(", "));
    String keyTuple = keyColumns.size() == 1 ? keys : "(" + keys + ")";
    String placeholders =
        keyColumns.size() == 1
            ? "?"
            : "(" + keyColumns.stream().map(k -> "?").collect(Collectors.joining(", ")) + ")";
    List<String> conditions = new ArrayList<>();
    List<Object> parameters = new ArrayList<>();
    if (bounds.from() != null) {
      conditions.add(keyTuple + " >= " + placeholders);
      parameters.addAll(bounds.from());
    }
    if (bounds.to() != null) {
      conditions.add(keyTuple + " <= " + placeholders);
      parameters.addAll(bounds.to());
    }
    String sql =
        "SELECT "
            + columns.stream().map(dialect::quoteIdentifier).collect(Collectors.joining(", "))
            + " FROM "
            + dialect.quote(table)
            + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
            + " ORDER BY "
            + keys
            + " LIMIT ?";
    int[] keyIndexes = keyColumns.stream().mapToInt(columns::indexOf).toArray();
    List<NormalisedRow> rows = new ArrayList<>();
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
      int p = 1;
      for (Object value : parameters) {
        st.setObject(p++, value);
      }
      st.setInt(p, limit);
      try (ResultSet rs = st.executeQuery()) {
        int n = columns.size();
        int[] types = new int[n];
        String[] typeNames = new String[n];
        boolean[] json = new boolean[n];
        boolean[] unpadded = new boolean[n];
        for (int i = 0; i < n; i++) {
          types[i] = rs.getMetaData().getColumnType(i + 1);
          typeNames[i] = rs.getMetaData().getColumnTypeName(i + 1).toLowerCase(Locale.ROOT);
          json[i] = readings.json().contains(columns.get(i));
          unpadded[i] = readings.unpadded().contains(columns.get(i));
        }
        while (rs.next()) {
          List<String> values = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            values.add(
                ValueNormaliser.read(
                    rs, i + 1, types[i], typeNames[i], dialect.type(), json[i], unpadded[i]));
          }
          List<String> key = new ArrayList<>(keyIndexes.length);
          for (int k : keyIndexes) {
            key.add(values.get(k));
          }
          rows.add(new NormalisedRow(key, values));
        }
      }
    }
    return rows;
  }
}
