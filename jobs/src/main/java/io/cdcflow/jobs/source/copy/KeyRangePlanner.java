package io.cdcflow.jobs.source.copy;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits each table into ranges of its first key column holding about {@code chunk_size} rows: the
 * row estimate gives the number of ranges, the database's own planner ({@link
 * PostgresRangePlanner}, {@link MySqlRangePlanner}) their bounds. Every row falls in exactly one
 * range: the ranges are half-open, the first and last unbounded, and rows sharing a first key value
 * share a range. Tables the target already holds, or that are copied while the log goes on, get
 * none ({@link PipelineSpec#copiesBeforeLog}).
 */
abstract class KeyRangePlanner {

  /** More ranges cost more queries and a bigger enumerator state for no more parallelism. */
  static final int MAX_RANGES_PER_TABLE = 10_000;

  /**
   * The ranges, and where the log that follows the copy is read from: taken before any range is
   * read, or null when the source keeps that position itself (PostgreSQL's slot, made before the
   * job).
   */
  record Plan(String logStart, List<KeyRangeSplit> splits, long[] estimatedRows) {}

  final PipelineSpec spec;

  KeyRangePlanner(PipelineSpec spec) {
    this.spec = spec;
  }

  static KeyRangePlanner of(PipelineSpec spec) {
    return spec.source().type() == DatabaseType.POSTGRES
        ? new PostgresRangePlanner(spec)
        : new MySqlRangePlanner(spec);
  }

  /** The ranges of every table not copied yet, planned on one connection. */
  Plan plan(boolean logFollows) throws SQLException {
    try (Connection c = SnapshotConnection.open(spec.source())) {
      String logStart = logFollows ? logPosition(c) : null;
      List<KeyRangeSplit> splits = new ArrayList<>();
      long[] estimates = new long[spec.tables().size()];
      for (int i = 0; i < spec.tables().size(); i++) {
        TableSpec table = spec.tables().get(i);
        if (spec.copiesBeforeLog(table.sourceTable())) {
          estimates[i] = estimatedRows(c, table);
          splits.addAll(ranges(c, i, table, estimates[i]));
        }
      }
      return new Plan(logStart, splits, estimates);
    }
  }

  /** The ranges of one table, whether or not the target holds it already. */
  List<KeyRangeSplit> plan(int table) throws SQLException {
    try (Connection c = SnapshotConnection.open(spec.source())) {
      TableSpec t = spec.tables().get(table);
      return ranges(c, table, t, estimatedRows(c, t));
    }
  }

  /**
   * One range of one table: the rows whose key column is at least {@code from} and at most {@code
   * to} (null: unbounded), as text the range reader binds.
   */
  List<KeyRangeSplit> plan(int table, String from, String to) throws SQLException {
    if (to == null) {
      return List.of(new KeyRangeSplit(table, 0, from, null));
    }
    try (Connection c = SnapshotConnection.open(spec.source())) {
      // the ranges are half-open: up to the first value after the last one wanted
      return List.of(new KeyRangeSplit(table, 0, from, keyAfter(c, spec.tables().get(table), to)));
    }
  }

  /** The ranges of a full load, which no log follows. */
  List<KeyRangeSplit> plan() throws SQLException {
    return plan(false).splits();
  }

  private List<KeyRangeSplit> ranges(Connection c, int index, TableSpec table, long rows)
      throws SQLException {
    long wanted = Math.min(MAX_RANGES_PER_TABLE, ceilDiv(rows, spec.options().snapshotChunkSize()));
    List<String> bounds = wanted > 1 ? bounds(c, table, rows, (int) wanted) : List.of();
    List<KeyRangeSplit> splits = new ArrayList<>(bounds.size() + 1);
    String lower = null;
    for (String bound : bounds) {
      splits.add(new KeyRangeSplit(index, splits.size(), lower, bound));
      lower = bound;
    }
    splits.add(new KeyRangeSplit(index, splits.size(), lower, null));
    return splits;
  }

  /** The table's first key column value after {@code value}, as text; null when none is. */
  abstract String keyAfter(Connection c, TableSpec table, String value) throws SQLException;

  /** The current log position the log must be read from after the copy, or null. */
  abstract String logPosition(Connection c) throws SQLException;

  /** About how many rows the table has (an estimate will do; 0 when empty). */
  abstract long estimatedRows(Connection c, TableSpec table) throws SQLException;

  /**
   * Distinct bounds between about {@code ranges} ranges, increasing in the key column's order
   * (possibly fewer than asked for), as text the range reader binds again.
   */
  abstract List<String> bounds(Connection c, TableSpec table, long rows, int ranges)
      throws SQLException;

  static long ceilDiv(long a, long b) {
    return b <= 0 ? 1 : Math.max(1, (a + b - 1) / b);
  }
}
