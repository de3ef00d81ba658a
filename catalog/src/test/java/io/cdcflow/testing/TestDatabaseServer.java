package io.cdcflow.testing;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.JdbcConnector;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real database server started for the test run (one per JVM, shared by the test classes). Each
 * test asks for a fresh database so tests never see each other's tables.
 */
public abstract class TestDatabaseServer {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  public abstract DatabaseType type();

  public abstract String host();

  public abstract int port();

  public abstract String username();

  public abstract String password();

  /** The database every server has, used to create others (postgres / mysql). */
  protected abstract String adminDatabase();

  public ConnectionConfig config(String database) {
    return new ConnectionConfig(type(), host(), port(), database, username(), password(), null);
  }

  /** Creates an empty database with a unique name starting with {@code prefix}. */
  public String createDatabase(String prefix) {
    String name =
        (prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet())
            .toLowerCase();
    execute(adminDatabase(), "CREATE DATABASE " + name);
    return name;
  }

  public Connection connect(String database) throws SQLException {
    return JdbcConnector.open(config(database));
  }

  /** The first column of the first row, as text; a failed query fails the test. */
  public String queryString(String database, String sql) {
    try (Connection c = connect(database);
        Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "query failed on " + type().id() + "/" + database + ": " + e.getMessage(), e);
    }
  }

  /** Runs statements in the given database, failing the test on any error. */
  public void execute(String database, String... statements) {
    try (Connection c = connect(database);
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "SQL failed on " + type().id() + "/" + database + ": " + e.getMessage(), e);
    }
  }
}
