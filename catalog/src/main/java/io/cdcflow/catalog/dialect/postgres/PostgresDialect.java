package io.cdcflow.catalog.dialect.postgres;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.PrerequisiteCheck;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.discovery.SchemaIntrospector;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** PostgreSQL: double-quoted identifiers, pgJDBC, logical decoding prerequisites. */
public final class PostgresDialect implements Dialect {

  public static final PostgresDialect INSTANCE = new PostgresDialect();

  private PostgresDialect() {}

  @Override
  public DatabaseType type() {
    return DatabaseType.POSTGRES;
  }

  @Override
  public String quoteIdentifier(String identifier) {
    return "\"" + Dialect.requireQuotable(identifier).replace("\"", "\"\"") + "\"";
  }

  /** PostgreSQL keeps 63 bytes of a name (NAMEDATALEN - 1) and silently truncates the rest. */
  @Override
  public Optional<String> lengthProblem(String name) {
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    return bytes > 63
        ? Optional.of(
            "the name is "
                + bytes
                + " bytes long; PostgreSQL keeps 63 and would silently truncate it")
        : Optional.empty();
  }

  @Override
  public String jdbcUrl(ConnectionConfig config) {
    String database =
        config.database() == null || config.database().isBlank() ? "postgres" : config.database();
    return "jdbc:postgresql://"
        + hostForUrl(config.host())
        + ":"
        + config.port()
        + "/"
        + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8)
            .replace("+", "%20");
  }

  @Override
  public java.sql.Driver driver() throws SQLException {
    return new org.postgresql.Driver();
  }

  @Override
  public Properties jdbcProperties(ConnectionConfig config, Duration connectTimeout) {
    Properties props = new Properties();
    props.putAll(config.properties());
    props.setProperty("user", config.username() == null ? "" : config.username());
    props.setProperty("password", config.password());
    long seconds = Math.max(1, connectTimeout.toSeconds());
    props.setProperty("connectTimeout", Long.toString(seconds));
    props.setProperty("loginTimeout", Long.toString(seconds));
    props.putIfAbsent("ApplicationName", "cdcflow");
    return props;
  }

  @Override
  public SchemaIntrospector introspector(Connection connection) {
    return new PostgresIntrospector(connection);
  }

  @Override
  public List<PrerequisiteCheck> checkPrerequisites(Connection connection, ConnectionConfig config)
      throws SQLException {
    return new PostgresPrerequisites(connection).check();
  }

  private static String hostForUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
