package io.cdcflow.catalog.dialect.mysql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The binary logs of a MySQL/MariaDB source, to tell how many bytes of binlog lie between a
 * pipeline's position and the server's current one. Needs the REPLICATION CLIENT (MariaDB: BINLOG
 * MONITOR) privilege a CDC user has anyway.
 */
public final class MySqlBinlog {

  /** One binlog file: its name's sequence number and its size (the current file: its end). */
  public record BinlogFile(String name, long sequence, long size) {}

  private final Connection connection;

  public MySqlBinlog(Connection connection) {
    this.connection = connection;
  }

  /** A place in the binlog; its text form is "file:offset". */
  public record Position(String file, long offset) {

    public static Position parse(String text) {
      int colon = text.lastIndexOf(':');
      return new Position(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
    }

    @Override
    public String toString() {
      return file + ":" + offset;
    }
  }

  /**
   * The file and byte offset the server writes its next event at: a reader starting there gets
   * every transaction committed from now on.
   */
  public Position currentPosition() throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = binlogStatus(st)) {
      if (!rs.next()) {
        throw new SQLException("the server writes no binary log (log_bin is off)");
      }
      return new Position(rs.getString(1), rs.getLong(2));
    }
  }

  private static ResultSet binlogStatus(Statement st) throws SQLException {
    try {
      return st.executeQuery(MySqlSnapshotQueries.BINLOG_STATUS);
    } catch (SQLException e) {
      try {
        return st.executeQuery(MySqlSnapshotQueries.BINLOG_STATUS_SINCE_MYSQL_84);
      } catch (SQLException renamed) {
        // a missing privilege says so in the first answer, not in the second's syntax error
        e.addSuppressed(renamed);
        throw e;
      }
    }
  }

  /** {@code SHOW BINARY LOGS}, oldest first. */
  public List<BinlogFile> files() throws SQLException {
    List<BinlogFile> files = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
      while (rs.next()) {
        String name = rs.getString(1);
        files.add(new BinlogFile(name, sequence(name), rs.getLong(2)));
      }
    }
    return files;
  }

  /**
   * How long the server keeps a binlog file before it purges it, in seconds; empty when it keeps
   * them until purged by hand. {@code binlog_expire_logs_seconds} (MySQL 8, MariaDB 10.6) when set,
   * else {@code expire_logs_days} (older servers, and MySQL 8 configured the old way).
   */
  public Optional<Long> retentionSeconds() throws SQLException {
    long seconds = 0;
    try (Statement st = connection.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT @@binlog_expire_logs_seconds")) {
        rs.next();
        seconds = rs.getLong(1);
      } catch (SQLException older) {
        // a server before the variable: only the days below
      }
      if (seconds <= 0) {
        try (ResultSet rs = st.executeQuery("SELECT @@expire_logs_days")) {
          rs.next();
          seconds = Math.round(rs.getDouble(1) * 86_400);
        } catch (SQLException newer) {
          // MySQL 8.4 dropped it: only the seconds above
        }
      }
    }
    return seconds > 0 ? Optional.of(seconds) : Optional.empty();
  }

  /**
   * Bytes of binlog after {@code offset} in the file with sequence {@code sequence}: the rest of
   * that file plus every newer file. 0 when the position is at (or past) the end.
   */
  public static long distance(List<BinlogFile> files, long sequence, long offset) {
    long bytes = 0;
    for (BinlogFile file : files) {
      if (file.sequence() > sequence) {
        bytes += file.size();
      } else if (file.sequence() == sequence) {
        bytes += Math.max(0, file.size() - offset);
      }
    }
    return bytes;
  }

  private static long sequence(String name) {
    int dot = name.lastIndexOf('.');
    try {
      return dot < 0 ? -1 : Long.parseLong(name.substring(dot + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
