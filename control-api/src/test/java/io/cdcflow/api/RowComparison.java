package io.cdcflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.testing.TestDatabaseServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Compares a source and a target table row by row, keyed by {@code id}: rows missing from the
 * target (lost), rows only in the target, rows that differ in any column, and keys present more
 * than once in the target (doubled). Fault tests first wait for convergence, then assert all four
 * are zero.
 */
public record RowComparison(int sourceRows, int missing, int extra, int different, int duplicated) {

  /**
   * Waits until the tables hold the same rows, then asserts 0 lost, 0 extra, 0 changed, 0 doubled.
   */
  public static RowComparison assertSameRows(
      TestDatabaseServer sourceServer,
      String sourceDb,
      TestDatabaseServer targetServer,
      String targetDb,
      String table) {
    try {
      Eventually.sameRows(sourceServer, sourceDb, targetServer, targetDb, table, "");
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage() + "; " + compare(sourceServer, sourceDb, targetServer, targetDb, table),
          e);
    }
    RowComparison result = compare(sourceServer, sourceDb, targetServer, targetDb, table);
    assertThat(result)
        .as("row-by-row comparison of " + table)
        .isEqualTo(new RowComparison(result.sourceRows(), 0, 0, 0, 0));
    assertThat(result.sourceRows()).isPositive();
    return result;
  }

  public static RowComparison compare(
      TestDatabaseServer sourceServer,
      String sourceDb,
      TestDatabaseServer targetServer,
      String targetDb,
      String table) {
    Map<String, String> source = new HashMap<>();
    read(sourceServer, sourceDb, table, source, new int[1]);
    Map<String, String> target = new HashMap<>();
    int[] duplicated = new int[1];
    read(targetServer, targetDb, table, target, duplicated);
    int missing = 0;
    int different = 0;
    for (Map.Entry<String, String> row : source.entrySet()) {
      String other = target.get(row.getKey());
      if (other == null) {
        missing++;
      } else if (!other.equals(row.getValue())) {
        different++;
      }
    }
    int extra = (int) target.keySet().stream().filter(k -> !source.containsKey(k)).count();
    return new RowComparison(source.size(), missing, extra, different, duplicated[0]);
  }

  private static void read(
      TestDatabaseServer server,
      String database,
      String table,
      Map<String, String> rows,
      int[] duplicated) {
    try (Connection c = server.connect(database);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id::text, t::text FROM " + table + " t")) {
      while (rs.next()) {
        if (rows.put(rs.getString(1), rs.getString(2)) != null) {
          duplicated[0]++;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read " + table + ": " + e.getMessage(), e);
    }
  }
}
