package io.cdcflow.jobs.source.copy;

import io.cdcflow.catalog.dialect.mysql.MySqlBinlog;
import io.cdcflow.catalog.dialect.mysql.MySqlSnapshotQueries;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds of a MySQL/MariaDB table: for an integer key whose values fill most of their span, even
 * steps between its smallest and largest value (two index lookups); for any other key, a walk down
 * the key's index, one query per bound, each skipping a range's worth of rows (one pass over the
 * index in all). A binary key is not split. The row count is InnoDB's estimate.
 */
final class MySqlRangePlanner extends KeyRangePlanner {

  /**
   * An integer key with at most this many values in its span per row is split by even steps: its
   * ranges hold at most a few times the rows they should.
   */
  static final int DENSE_SPAN_PER_ROW = 4;

  MySqlRangePlanner(PipelineSpec spec) {
    super(spec);
  }

  @Override
  String logPosition(Connection c) throws SQLException {
    return new MySqlBinlog(c).currentPosition().toString();
  }

  @Override
  long estimatedRows(Connection c, TableSpec table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(MySqlSnapshotQueries.estimatedRows())) {
      ps.setString(1, table.sourceTable().schema());
      ps.setString(2, table.sourceTable().name());
      try (ResultSet r = ps.executeQuery()) {
        if (r.next() && r.getLong(1) > 0) {
          return r.getLong(1);
        }
      }
    }
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(MySqlSnapshotQueries.countRows(table.sourceTable()))) {
      r.next();
      return r.getLong(1);
    }
  }

  @Override
  String keyAfter(Connection c, TableSpec table, String value) throws SQLException {
    KeyColumn key = KeyColumn.of(table);
    try (PreparedStatement ps =
        c.prepareStatement(MySqlSnapshotQueries.keyAfter(table.sourceTable(), key.name(), false))) {
      key.bind(ps, 1, value);
      ps.setLong(2, 0);
      return single(ps);
    }
  }

  @Override
  List<String> bounds(Connection c, TableSpec table, long rows, int ranges) throws SQLException {
    KeyColumn key = KeyColumn.of(table);
    if (key.isBinary()) {
      return List.of();
    }
    if (key.isInteger()) {
      List<String> even = evenSteps(c, table, key, rows, ranges);
      if (even != null) {
        return even;
      }
    }
    return walk(c, table, key, Math.max(1, rows / ranges));
  }

  /** Even steps over the key's span, or null when its values are too sparse for them. */
  private static List<String> evenSteps(
      Connection c, TableSpec table, KeyColumn key, long rows, int ranges) throws SQLException {
    BigInteger min;
    BigInteger max;
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(MySqlSnapshotQueries.keyBounds(table.sourceTable(), key.name()))) {
      if (!r.next() || r.getString(1) == null) {
        return List.of();
      }
      min = new BigInteger(r.getString(1));
      max = new BigInteger(r.getString(2));
    }
    BigInteger span = max.subtract(min).add(BigInteger.ONE);
    if (span.compareTo(BigInteger.valueOf(rows).multiply(BigInteger.valueOf(DENSE_SPAN_PER_ROW)))
        > 0) {
      return null;
    }
    List<String> bounds = new ArrayList<>();
    BigInteger n = BigInteger.valueOf(ranges);
    for (int k = 1; k < ranges; k++) {
      BigInteger bound = min.add(span.multiply(BigInteger.valueOf(k)).divide(n));
      String text = bound.toString();
      // a bound at the smallest value would make an empty first range
      if (bound.compareTo(min) > 0
          && (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(text))) {
        bounds.add(text);
      }
    }
    return bounds;
  }

  /** Every {@code step}-th key value, in the key's order (and its collation, for text). */
  private static List<String> walk(Connection c, TableSpec table, KeyColumn key, long step)
      throws SQLException {
    List<String> bounds = new ArrayList<>();
    String first = MySqlSnapshotQueries.keyAfter(table.sourceTable(), key.name(), true);
    String next = MySqlSnapshotQueries.keyAfter(table.sourceTable(), key.name(), false);
    try (PreparedStatement firstBound = c.prepareStatement(first);
        PreparedStatement nextBound = c.prepareStatement(next)) {
      firstBound.setLong(1, step);
      String bound = single(firstBound);
      // a key whose text does not give back its value (a float) may find the same bound again
      while (bound != null
          && bounds.size() < MAX_RANGES_PER_TABLE - 1
          && (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(bound))) {
        bounds.add(bound);
        key.bind(nextBound, 1, bound);
        nextBound.setLong(2, step - 1);
        bound = single(nextBound);
      }
    }
    return bounds;
  }

  private static String single(PreparedStatement ps) throws SQLException {
    try (ResultSet r = ps.executeQuery()) {
      return r.next() ? r.getString(1) : null;
    }
  }
}
