package io.cdcflow.jobs.source.copy;

import io.cdcflow.catalog.dialect.postgres.PostgresDialect;
import io.cdcflow.catalog.dialect.postgres.PostgresSnapshotQueries;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits each table into ranges of its first key column holding about {@code chunk_size} rows: the
 * planner's row estimate gives the number of ranges, a page sample of the key values gives their
 * bounds (quantiles, so that skewed keys still make even ranges). Every row falls in exactly one
 * range: the ranges are half-open, the first and last unbounded, and rows sharing a first key value
 * share a range. Tables the target already holds ({@link PipelineSpec#copiedTables()}) get none.
 */
final class KeyRangePlanner {

  /** Sampled key values per range: enough for even ranges, few enough to stay a quick query. */
  static final int SAMPLES_PER_RANGE = 20;

  /** Sampled key values at least: a page sample of fewer comes from too few pages. */
  static final int MIN_SAMPLE = 10_000;

  /**
   * Tables up to this many rows are sampled row by row (read whole: well under a second), bigger
   * ones page by page.
   */
  static final long ROW_LEVEL_SAMPLE_UP_TO = 1_000_000;

  /** More ranges cost more queries and a bigger enumerator state for no more parallelism. */
  static final int MAX_RANGES_PER_TABLE = 10_000;

  private final PipelineSpec spec;

  KeyRangePlanner(PipelineSpec spec) {
    this.spec = spec;
  }

  List<KeyRangeSplit> plan() throws SQLException {
    List<KeyRangeSplit> splits = new ArrayList<>();
    try (Connection c = SnapshotConnection.open(spec.source())) {
      for (int i = 0; i < spec.tables().size(); i++) {
        if (!spec.copiedTables().contains(spec.tables().get(i).sourceTable())) {
          splits.addAll(ranges(c, i, spec.tables().get(i)));
        }
      }
    }
    return splits;
  }

  private List<KeyRangeSplit> ranges(Connection c, int index, TableSpec table) throws SQLException {
    long rows = estimatedRows(c, table);
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

  /** Distinct, increasing bounds between the ranges (possibly fewer than asked for). */
  private List<String> bounds(Connection c, TableSpec table, long rows, int ranges)
      throws SQLException {
    long sampled = Math.max(MIN_SAMPLE, (long) ranges * SAMPLES_PER_RANGE);
    double percent = Math.min(100.0, 100.0 * sampled / rows);
    List<String> sample = new ArrayList<>();
    String sql =
        PostgresSnapshotQueries.sampleKeys(
            table.sourceTable(),
            table.keyColumns().get(0),
            Math.max(percent, 0.000001),
            rows <= ROW_LEVEL_SAMPLE_UP_TO);
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        sample.add(r.getString(1));
      }
    }
    List<String> bounds = new ArrayList<>();
    for (int k = 1; k < ranges && !sample.isEmpty(); k++) {
      String bound = sample.get((int) ((long) k * sample.size() / ranges));
      if (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(bound)) {
        bounds.add(bound);
      }
    }
    return bounds;
  }

  /** The planner's estimate, or an exact count for a table never analysed. */
  private static long estimatedRows(Connection c, TableSpec table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(PostgresSnapshotQueries.estimatedRows())) {
      ps.setString(1, PostgresDialect.INSTANCE.quote(table.sourceTable()));
      try (ResultSet r = ps.executeQuery()) {
        if (r.next() && r.getLong(1) > 0) {
          return r.getLong(1);
        }
      }
    }
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(PostgresSnapshotQueries.countRows(table.sourceTable()))) {
      r.next();
      return r.getLong(1);
    }
  }

  private static long ceilDiv(long a, long b) {
    return b <= 0 ? 1 : Math.max(1, (a + b - 1) / b);
  }
}
