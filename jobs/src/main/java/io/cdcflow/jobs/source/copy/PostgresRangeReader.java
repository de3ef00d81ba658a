package io.cdcflow.jobs.source.copy;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.dialect.postgres.PostgresSnapshotQueries;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.PostgresCopyRows;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.postgresql.core.BaseConnection;

/** Reads a range with one {@code COPY (SELECT ...) TO STDOUT} and parses its text rows. */
final class PostgresRangeReader extends KeyRangeReader {

  private final PostgresCopyRows[] parsers;
  private PostgresCopyRows parser;
  private CopyOut copy;
  private int lastRowBytes;

  PostgresRangeReader(PipelineSpec spec, SourceSession session) {
    this(spec, session, false);
  }

  /**
   * @param typedKeys see {@link PostgresCopyRows#PostgresCopyRows(int, TableSpec, DatabaseType,
   *     boolean)}
   */
  PostgresRangeReader(PipelineSpec spec, SourceSession session, boolean typedKeys) {
    super(spec, session);
    this.parsers = new PostgresCopyRows[spec.tables().size()];
    for (int i = 0; i < parsers.length; i++) {
      parsers[i] = new PostgresCopyRows(i, spec.tables().get(i), spec.target().type(), typedKeys);
    }
  }

  @Override
  void open(Connection connection, KeyRangeSplit range) throws SQLException {
    TableSpec table = spec.tables().get(range.table());
    String sql =
        PostgresSnapshotQueries.copyRange(
            table.sourceTable(),
            table.columnNames(),
            table.keyColumns().get(0),
            range.lower(),
            range.upper());
    parser = parsers[range.table()];
    copy = new CopyManager(connection.unwrap(BaseConnection.class)).copyOut(sql);
  }

  @Override
  ChangeEvent next() throws SQLException {
    byte[] row = copy.readFromCopy();
    if (row == null) {
      copy = null;
      return null;
    }
    lastRowBytes = row.length;
    return parser.read(row);
  }

  @Override
  long lastRowBytes() {
    return lastRowBytes;
  }

  @Override
  void cancel() throws SQLException {
    if (copy != null && copy.isActive()) {
      copy.cancelCopy();
    }
  }
}
