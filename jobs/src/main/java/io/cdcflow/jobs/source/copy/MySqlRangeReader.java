package io.cdcflow.jobs.source.copy;

import io.cdcflow.catalog.dialect.mysql.MySqlSnapshotQueries;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.MySqlResultRows;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a range with one {@code SELECT}, streamed row by row (the driver would otherwise hold the
 * whole range in memory).
 */
final class MySqlRangeReader extends KeyRangeReader {

  /** Connector/J streams a forward-only, read-only result set with this fetch size. */
  private static final int STREAM_ROWS = Integer.MIN_VALUE;

  private final MySqlResultRows[] tables;
  private final List<Set<String>> readAsDouble = new ArrayList<>();
  private Connection connection;
  private PreparedStatement statement;
  private ResultSet rows;
  private MySqlResultRows current;
  private long lastRowBytes;

  MySqlRangeReader(PipelineSpec spec, SourceSession session) {
    super(spec, session);
    this.tables = new MySqlResultRows[spec.tables().size()];
    for (int i = 0; i < tables.length; i++) {
      tables[i] = new MySqlResultRows(i, spec.tables().get(i), spec.target().type());
      readAsDouble.add(MySqlResultRows.readAsDouble(spec.tables().get(i)));
    }
  }

  @Override
  void open(Connection connection, KeyRangeSplit range) throws SQLException {
    this.connection = connection;
    TableSpec table = spec.tables().get(range.table());
    KeyColumn key = KeyColumn.of(table);
    statement =
        connection.prepareStatement(
            MySqlSnapshotQueries.selectRange(
                table.sourceTable(),
                table.columnNames(),
                readAsDouble.get(range.table()),
                key.name(),
                range.lower() != null,
                range.upper() != null),
            ResultSet.TYPE_FORWARD_ONLY,
            ResultSet.CONCUR_READ_ONLY);
    statement.setFetchSize(STREAM_ROWS);
    int parameter = 1;
    if (range.lower() != null) {
      key.bind(statement, parameter++, range.lower());
    }
    if (range.upper() != null) {
      key.bind(statement, parameter, range.upper());
    }
    rows = statement.executeQuery();
    current = tables[range.table()];
  }

  @Override
  ChangeEvent next() throws SQLException {
    if (!rows.next()) {
      rows.close();
      statement.close();
      rows = null;
      statement = null;
      return null;
    }
    ChangeEvent event = current.read(rows);
    lastRowBytes = bytes(event);
    return event;
  }

  private static long bytes(ChangeEvent event) {
    long n = 0;
    for (Object v : event.values()) {
      n += v instanceof String s ? 2L * s.length() : v instanceof byte[] b ? b.length : 16;
    }
    return n;
  }

  @Override
  long lastRowBytes() {
    return lastRowBytes;
  }

  /** A streamed result set closed early would first read its rest: drop the connection instead. */
  @Override
  void cancel() throws SQLException {
    if (rows != null && connection != null) {
      connection.abort(Runnable::run);
    }
  }
}
