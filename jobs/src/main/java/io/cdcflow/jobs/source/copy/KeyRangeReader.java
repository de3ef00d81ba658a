package io.cdcflow.jobs.source.copy;

import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.spec.PipelineSpec;
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

/**
 * Reads key ranges on the fetcher thread, one at a time, each with one query on the source reader's
 * connection ({@link SourceSession}; {@link PostgresRangeReader}, {@link MySqlRangeReader}), and
 * turns the rows into change events there, so that reading overlaps with the sink's work on the
 * task thread.
 */
abstract class KeyRangeReader implements SplitReader<ChangeEvent, KeyRangeSplit> {

  /** Rows handed to the task thread at a time, at most. */
  static final int ROWS_PER_FETCH = 2048;

  /**
   * Bytes handed to the task thread at a time, at most: a batch of wide rows (large text, JSON or
   * binary values) stops here, so a reader holds a few such batches whatever the row size.
   */
  static final int BYTES_PER_FETCH = 4 << 20;

  final PipelineSpec spec;
  private final SourceSession session;
  private final Deque<KeyRangeSplit> queued = new ArrayDeque<>();
  private KeyRangeSplit current;

  KeyRangeReader(PipelineSpec spec, SourceSession session) {
    this.spec = spec;
    this.session = session;
  }

  /** Starts reading the range. */
  abstract void open(Connection connection, KeyRangeSplit range) throws SQLException;

  /** The range's next row, or null when it has none left (the range's query is then closed). */
  abstract ChangeEvent next() throws SQLException;

  /** About how many bytes the row last returned by {@link #next} took. */
  abstract long lastRowBytes();

  /** Ends the range being read, if any, before the connection closes. */
  abstract void cancel() throws SQLException;

  @Override
  public RecordsWithSplitIds<ChangeEvent> fetch() throws IOException {
    RecordsBySplits.Builder<ChangeEvent> records = new RecordsBySplits.Builder<>();
    try {
      if (current == null && !startNext()) {
        return records.build();
      }
      String id = current.splitId();
      long bytes = 0;
      for (int i = 0; i < ROWS_PER_FETCH && bytes < BYTES_PER_FETCH; i++) {
        ChangeEvent row = next();
        if (row == null) {
          records.addFinishedSplit(id);
          current = null;
          break;
        }
        bytes += lastRowBytes();
        records.add(id, row);
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
    open(session.connection(), current);
    return true;
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

  /** Ends the range being read; the connection stays with its {@link SourceSession}. */
  @Override
  public void close() throws Exception {
    cancel();
  }
}
