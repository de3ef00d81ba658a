package io.cdcflow.catalog.dialect;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.PrerequisiteCheck;
import io.cdcflow.catalog.dialect.mysql.MySqlDialect;
import io.cdcflow.catalog.dialect.postgres.PostgresDialect;
import io.cdcflow.catalog.discovery.SchemaIntrospector;
import io.cdcflow.catalog.discovery.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * What cdcflow needs to know about one kind of database: how to connect, quote, introspect and
 * check it. One implementation per {@link DatabaseType}; each delegates to role classes of its own
 * package.
 */
public interface Dialect {

  DatabaseType type();

  /** The identifier in the database's quotes, with embedded quote characters doubled. */
  String quoteIdentifier(String identifier);

  default String quote(TableId table) {
    return quoteIdentifier(table.schema()) + "." + quoteIdentifier(table.name());
  }

  /** The JDBC URL of the configured database (or the server, when the database is blank). */
  String jdbcUrl(ConnectionConfig config);

  /** Driver properties: credentials, the user's extra properties, and bounded timeouts. */
  Properties jdbcProperties(ConnectionConfig config, Duration connectTimeout);

  SchemaIntrospector introspector(Connection connection);

  /** The server settings and privileges CDC needs, each as pass or fail with a reason. */
  List<PrerequisiteCheck> checkPrerequisites(Connection connection, ConnectionConfig config)
      throws SQLException;

  static Dialect of(DatabaseType type) {
    return switch (type) {
      case POSTGRES -> PostgresDialect.INSTANCE;
      case MYSQL -> MySqlDialect.INSTANCE;
    };
  }
}
