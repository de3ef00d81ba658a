package io.cdcflow.catalog.dialect.mysql;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.PrerequisiteCheck;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.discovery.SchemaIntrospector;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * MySQL and MariaDB: backquoted identifiers, Connector/J (the CDC source needs it too), row binlog
 * prerequisites.
 */
public final class MySqlDialect implements Dialect {

  public static final MySqlDialect INSTANCE = new MySqlDialect();

  private MySqlDialect() {}

  @Override
  public DatabaseType type() {
    return DatabaseType.MYSQL;
  }

  @Override
  public String quoteIdentifier(String identifier) {
    return "`" + Dialect.requireQuotable(identifier).replace("`", "``") + "`";
  }

  /** MySQL names: at most 64 characters of the Basic Multilingual Plane, no trailing space. */
  @Override
  public Optional<String> lengthProblem(String name) {
    int chars = name.codePointCount(0, name.length());
    if (chars > 64) {
      return Optional.of("the name is " + chars + " characters long; MySQL allows 64");
    }
    if (name.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
      return Optional.of("MySQL names cannot hold characters beyond U+FFFF (such as emoji)");
    }
    if (name.endsWith(" ")) {
      return Optional.of("MySQL names cannot end with a space");
    }
    return Optional.empty();
  }

  @Override
  public String jdbcUrl(ConnectionConfig config) {
    String database = config.database() == null ? "" : config.database();
    return "jdbc:mysql://"
        + config.host()
        + ":"
        + config.port()
        + "/"
        + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8)
            .replace("+", "%20");
  }

  @Override
  public java.sql.Driver driver() throws SQLException {
    return new com.mysql.cj.jdbc.Driver();
  }

  @Override
  public Properties jdbcProperties(ConnectionConfig config, Duration connectTimeout) {
    Properties props = new Properties();
    // zero dates come back as null instead of failing the read; the user may override
    props.setProperty("zeroDateTimeBehavior", "CONVERT_TO_NULL");
    props.setProperty("useSSL", "false");
    props.setProperty("allowPublicKeyRetrieval", "true");
    props.setProperty("useInformationSchema", "true");
    props.setProperty("tinyInt1isBit", "false");
    props.putAll(config.properties());
    props.setProperty("user", config.username() == null ? "" : config.username());
    props.setProperty("password", config.password());
    props.setProperty("connectTimeout", Long.toString(Math.max(1000, connectTimeout.toMillis())));
    return props;
  }

  @Override
  public SchemaIntrospector introspector(Connection connection) {
    return new MySqlIntrospector(connection);
  }

  @Override
  public List<PrerequisiteCheck> checkPrerequisites(Connection connection, ConnectionConfig config)
      throws SQLException {
    return new MySqlPrerequisites(connection).check();
  }
}
