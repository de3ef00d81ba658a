package io.cdcflow.jobs.source.copy;

import io.cdcflow.catalog.connection.ConnectionConfig;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The source connection of one reader of key ranges ({@link SnapshotConnection}), opened when first
 * needed and kept until the reader closes. Flink gives a source reader a new fetcher, with a new
 * {@link KeyRangeReader}, whenever its previous one ran out of ranges: a connection owned by the
 * fetcher's reader was opened again for most ranges.
 */
final class SourceSession implements AutoCloseable {

  private final ConnectionConfig source;
  private Connection connection;

  SourceSession(ConnectionConfig source) {
    this.source = source;
  }

  /** The open connection; a new one when there was none or it was closed. */
  synchronized Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = SnapshotConnection.open(source);
    }
    return connection;
  }

  @Override
  public synchronized void close() throws SQLException {
    if (connection != null) {
      try {
        connection.close();
      } finally {
        connection = null;
      }
    }
  }
}
