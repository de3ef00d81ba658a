package io.cdcflow.jobs.source.copy;

import io.cdcflow.catalog.dialect.postgres.PostgresSnapshotQueries;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.PostgresCopyRows;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.postgresql.core.BaseConnection;

/**
 * Reads key ranges on the fetcher thread, one at a time, each with one {@code COPY (SELECT ...) TO
 * STDOUT} on a connection of its own, and parses the rows into change events there, so parsing
 * overlaps with the sink's work on the task thread.
 */
final class CopyRangeReader implements SplitReader<ChangeEvent, KeyRangeSplit> {

  /** Rows handed to the task thread at a time, at most. */
  static final int ROWS_PER_FETCH = 2048;

  /**
   * COPY text handed to the task thread at a time, at most: a batch of wide rows (large text, JSON
   * or bytea values) stops here, so a reader holds a few such batches whatever the row size.
   */
  static final int BYTES_PER_FETCH = 4 << 20;

  private final PipelineSpec spec;
  private final PostgresCopyRows[] parsers;
  private final Deque<KeyRangeSplit> queued = new ArrayDeque<>();
  private Connection connection;
  private KeyRangeSplit current;
  private CopyOut copy;

  CopyRangeReader(PipelineSpec spec) {
    this.spec = spec;
    this.parsers = new PostgresCopyRows[spec.tables().size()];
    for (int i = 0; i < parsers.length; i++) {
      parsers[i] = new PostgresCopyRows(i, spec.tables().get(i), spec.target().type());
    }
  }

  @Override
  public RecordsWithSplitIds<ChangeEvent> fetch() throws IOException {
    RecordsBySplits.Builder<ChangeEvent> records = new RecordsBySplits.Builder<>();
    try {
      if (current == null && !startNext()) {
        return records.build();
      }
      String id = current.splitId();
      PostgresCopyRows parser = parsers[current.table()];
      long bytes = 0;
      for (int i = 0; i < ROWS_PER_FETCH && bytes < BYTES_PER_FETCH; i++) {
        byte[] row = copy.readFromCopy();
        if (row == null) {
          records.addFinishedSplit(id);
          current = null;
          copy = null;
          break;
        }
        bytes += row.length;
        records.add(id, parser.read(row));
      }
    } catch (SQLException e) {
      throw new IOException(
          "reading "
              + (current == null ? "a key range" : describe(current))
              + " from "
              + spec.source()
              + " failed: "
              + e.getMessage(),
          e);
    }
    return records.build();
  }

  private boolean startNext() throws SQLException {
    current = queued.poll();
    if (current == null) {
      return false;
    }
    TableSpec table = spec.tables().get(current.table());
    String sql =
        PostgresSnapshotQueries.copyRange(
            table.sourceTable(),
            table.columnNames(),
            table.keyColumns().get(0),
            current.lower(),
            current.upper());
    copy = new CopyManager(connection().unwrap(BaseConnection.class)).copyOut(sql);
    return true;
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = SnapshotConnection.open(spec.source());
    }
    return connection;
  }

  private String describe(KeyRangeSplit split) {
    return "key range " + split.ordinal() + " of " + spec.tables().get(split.table()).sourceTable();
  }

  @Override
  public void handleSplitsChanges(SplitsChange<KeyRangeSplit> change) {
    if (!(change instanceof SplitsAddition)) {
      throw new UnsupportedOperationException("unexpected split change " + change);
    }
    queued.addAll(change.splits());
  }

  @Override
  public void wakeUp() {
    // a fetch reads at most ROWS_PER_FETCH rows and returns
  }

  @Override
  public void close() throws Exception {
    try {
      if (copy != null && copy.isActive()) {
        copy.cancelCopy();
      }
    } finally {
      if (connection != null) {
        connection.close();
      }
    }
  }
}
