package io.cdcflow.jobs.sink;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.JdbcConnector;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's connection to the target: opened lazily with the settings batched upserts need, one
 * transaction per unit of work, prepared statements kept per connection, and bounded retries with a
 * fresh connection when the error is transient (connection lost, deadlock, serialization failure,
 * too many connections).
 */
public final class TargetSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TargetSession.class);

  /** MySQL error codes worth a retry: lock wait timeout, deadlock, too many connections, gone. */
  private static final Set<Integer> MYSQL_TRANSIENT = Set.of(1205, 1213, 1040, 2006, 2013);

  private final ConnectionConfig config;
  private final int maxRetries;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private Connection connection;

  TargetSession(ConnectionConfig target, int maxRetries) {
    this.config = withWriteSettings(target);
    this.maxRetries = maxRetries;
  }

  /** A unit of work on the connection; runs again from scratch on a retry. */
  @FunctionalInterface
  interface Work<T> {
    T run(TargetSession session) throws SQLException;
  }

  /** Runs the work in one transaction, retrying transient failures on a new connection. */
  <T> T inTransaction(String what, Work<T> work) throws SQLException {
    for (int attempt = 0; ; attempt++) {
      try {
        T result = work.run(this);
        connection().commit();
        return result;
      } catch (SQLException | AssertionError failure) {
        SQLException e = asSqlException(failure);
        rollbackQuietly();
        if (attempt >= maxRetries || !isTransient(e)) {
          throw e;
        }
        long backoff = Math.min(10_000L, 200L << attempt);
        LOG.warn(
            "{} failed ({}), retry {} of {} in {} ms on a new connection",
            what,
            describe(e),
            attempt + 1,
            maxRetries,
            backoff);
        closeQuietly();
        sleep(backoff);
      }
    }
  }

  /**
   * pgJDBC 42.7.3 throws an AssertionError ("getAutoCommit() should not throw") from a batch whose
   * connection was closed under it: that is a lost connection, not a bug of ours.
   */
  private SQLException asSqlException(Throwable failure) {
    if (failure instanceof SQLException e) {
      return e;
    }
    boolean lost;
    try {
      lost = connection == null || connection.isClosed() || !connection.isValid(2);
    } catch (SQLException e) {
      lost = true;
    }
    if (!lost) {
      throw (AssertionError) failure;
    }
    return new SQLRecoverableException(
        "connection lost: " + failure.getMessage(), "08006", failure);
  }

  Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      statements.clear();
      connection = JdbcConnector.open(config, Duration.ofSeconds(30));
      connection.setAutoCommit(false);
      if (config.type() == DatabaseType.MYSQL) {
        // no gap locks between writers of different keys
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      }
    }
    return connection;
  }

  /** A prepared statement kept for the life of the connection. */
  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection().prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  @Override
  public void close() {
    closeQuietly();
  }

  /**
   * The first useful message of an error chain (batch errors hide the cause in getNextException).
   */
  static String describe(SQLException e) {
    SQLException cause = e;
    if (e instanceof BatchUpdateException && e.getNextException() != null) {
      cause = e.getNextException();
    }
    return cause.getMessage() + " [SQLState " + cause.getSQLState() + "]";
  }

  static boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException s) {
        if (transientState(s)
            || (s.getNextException() != null && transientState(s.getNextException()))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean transientState(SQLException s) {
    String state = s.getSQLState();
    if (state != null
        && (state.startsWith("08")
            || state.equals("40001")
            || state.equals("40P01")
            || state.equals("53300")
            || state.equals("57P01")
            || state.equals("57P03"))) {
      return true;
    }
    return MYSQL_TRANSIENT.contains(s.getErrorCode());
  }

  private void rollbackQuietly() {
    try {
      if (connection != null && !connection.isClosed()) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      // the connection is replaced on retry
    }
  }

  private void closeQuietly() {
    statements.clear();
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing a broken connection may fail; it is dropped either way
      }
      connection = null;
    }
  }

  private static void sleep(long millis) throws SQLException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting to retry", e);
    }
  }

  /**
   * The settings every connection that writes the target runs under. PostgreSQL: multi-row rewrite
   * of batched inserts; strings sent untyped so the server casts them to json, uuid, enum,
   * interval, bit, array columns. MySQL: multi-row rewrite; the session in UTC so timestamps are
   * stored as the instants they are.
   */
  public static ConnectionConfig withWriteSettings(ConnectionConfig c) {
    Map<String, String> props = new HashMap<>();
    if (c.type() == DatabaseType.POSTGRES) {
      props.put("reWriteBatchedInserts", "true");
      props.put("stringtype", "unspecified");
      props.put("ApplicationName", "cdcflow-sink");
    } else {
      props.put("rewriteBatchedStatements", "true");
      props.put("connectionTimeZone", "UTC");
      props.put("forceConnectionTimeZoneToSession", "true");
    }
    props.putAll(c.properties());
    return new ConnectionConfig(
        c.type(), c.host(), c.port(), c.database(), c.username(), c.password(), props);
  }
}
