package io.cdcflow.jobs.source.copy;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.spec.PipelineSpec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * One table's key ranges, planned and read outside the copy's source, as the copy plans and reads
 * them: for a table copied again while the job reads the log. Its rows meet the log's in the sink's
 * buffer, so their keys come as the log gives them ({@link PostgresRangeReader}'s typed keys).
 */
public final class TableCopy implements AutoCloseable {

  private final PipelineSpec spec;
  private final SourceSession session;
  private KeyRangeReader reader;

  public TableCopy(PipelineSpec spec) {
    this.spec = spec;
    this.session = new SourceSession(spec.source());
  }

  /** The table's ranges, each about {@code snapshot_chunk_size} rows. */
  public List<KeyRangeSplit> plan(int table) throws SQLException {
    return KeyRangePlanner.of(spec).plan(table);
  }

  /** The range of keys from {@code from} to {@code to}, both included (null: unbounded). */
  public List<KeyRangeSplit> plan(int table, String from, String to) throws SQLException {
    return KeyRangePlanner.of(spec).plan(table, from, to);
  }

  /** Reads the range whole, handing each row to {@code rows}; returns how many rows it read. */
  public long read(KeyRangeSplit range, Consumer<ChangeEvent> rows) throws IOException {
    if (reader == null) {
      reader =
          spec.source().type() == DatabaseType.POSTGRES
              ? new PostgresRangeReader(spec, session, true)
              : new MySqlRangeReader(spec, session);
    }
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(range)));
    long count = 0;
    while (true) {
      RecordsWithSplitIds<ChangeEvent> batch = reader.fetch();
      String split;
      while ((split = batch.nextSplit()) != null) {
        ChangeEvent row;
        while ((row = batch.nextRecordFromSplit()) != null) {
          rows.accept(row);
          count++;
        }
      }
      if (batch.finishedSplits().contains(range.splitId())) {
        return count;
      }
    }
  }

  /** A source connection in the session the ranges are read in. */
  public Connection openSource() throws SQLException {
    return SnapshotConnection.open(spec.source());
  }

  public static SimpleVersionedSerializer<KeyRangeSplit> rangeSerializer() {
    return KeyRangeSplitSerializer.INSTANCE;
  }

  /** Closes the reader and its connection; the next read opens them again. */
  @Override
  public void close() {
    if (reader != null) {
      try {
        reader.close();
      } catch (Exception ignored) {
        // a broken connection is dropped either way
      }
      reader = null;
    }
    try {
      session.close();
    } catch (SQLException ignored) {
      // as above
    }
  }
}
