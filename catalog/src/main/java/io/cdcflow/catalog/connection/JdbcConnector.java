package io.cdcflow.catalog.connection;

import io.cdcflow.catalog.dialect.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/** Opens JDBC connections to user databases with bounded connect and read timeouts. */
public final class JdbcConnector {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private JdbcConnector() {}

  public static Connection open(ConnectionConfig config) throws SQLException {
    return open(config, DEFAULT_TIMEOUT);
  }

  public static Connection open(ConnectionConfig config, Duration timeout) throws SQLException {
    Dialect dialect = Dialect.of(config.type());
    return DriverManager.getConnection(
        dialect.jdbcUrl(config), dialect.jdbcProperties(config, timeout));
  }
}
