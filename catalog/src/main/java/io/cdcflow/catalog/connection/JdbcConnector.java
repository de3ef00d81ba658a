package io.cdcflow.catalog.connection;

import io.cdcflow.catalog.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Opens JDBC connections to user databases with bounded connect and read timeouts.
 *
 * <p>The dialect's driver is called directly, not through {@code DriverManager}: in a Flink job
 * every submission has its own class loader, and DriverManager only hands out drivers registered by
 * the caller's loader, which a second job on the same cluster does not see.
 */
public final class JdbcConnector {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private JdbcConnector() {}

  public static Connection open(ConnectionConfig config) throws SQLException {
    return open(config, DEFAULT_TIMEOUT);
  }

  public static Connection open(ConnectionConfig config, Duration timeout) throws SQLException {
    Dialect dialect = Dialect.of(config.type());
    String url = dialect.jdbcUrl(config);
    Connection connection = dialect.driver().connect(url, dialect.jdbcProperties(config, timeout));
    if (connection == null) {
      throw new SQLException(
          "the " + config.type().id() + " driver does not accept " + url, "08001");
    }
    return connection;
  }
}
