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
 * Bounds from a page sample of the key values (quantiles, so that skewed keys still make even
 * ranges); the row count from the planner's estimate.
 */
final class PostgresRangePlanner extends KeyRangePlanner {

  /** Sampled key values per range: enough for even ranges, few enough to stay a quick query. */
  static final int SAMPLES_PER_RANGE = 20;

  /** Sampled key values at least: a page sample of fewer comes from too few pages. */
  static final int MIN_SAMPLE = 10_000;

  /**
   * Tables up to this many rows are sampled row by row (read whole: well under a second), bigger
   * ones page by page.
   */
  static final long ROW_LEVEL_SAMPLE_UP_TO = 1_000_000;

  PostgresRangePlanner(PipelineSpec spec) {
    super(spec);
  }

  /** The slot, made before the job, holds the position. */
  @Override
  String logPosition(Connection c) {
    return null;
  }

  @Override
  String keyAfter(Connection c, TableSpec table, String value) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                PostgresSnapshotQueries.keyAfter(
                    table.sourceTable(), table.keyColumns().get(0), value))) {
      return r.next() ? r.getString(1) : null;
    }
  }

  @Override
  List<String> bounds(Connection c, TableSpec table, long rows, int ranges) throws SQLException {
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
  @Override
  long estimatedRows(Connection c, TableSpec table) throws SQLException {
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
}
