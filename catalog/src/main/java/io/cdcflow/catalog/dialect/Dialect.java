package io.cdcflow.catalog.dialect;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.PrerequisiteCheck;
import io.cdcflow.catalog.dialect.mysql.MySqlDdl;
import io.cdcflow.catalog.dialect.mysql.MySqlDialect;
import io.cdcflow.catalog.dialect.mysql.MySqlTypeMapper;
import io.cdcflow.catalog.dialect.mysql.MySqlWriteStatements;
import io.cdcflow.catalog.dialect.postgres.PostgresDdl;
import io.cdcflow.catalog.dialect.postgres.PostgresDialect;
import io.cdcflow.catalog.dialect.postgres.PostgresTypeMapper;
import io.cdcflow.catalog.dialect.postgres.PostgresWriteStatements;
import io.cdcflow.catalog.discovery.SchemaIntrospector;
import io.cdcflow.catalog.discovery.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

  /**
   * Why {@code name} cannot be an identifier of this database (schema, table or column), or empty
   * when it can: empty, control characters (NUL above all), longer than the database keeps.
   */
  default Optional<String> identifierProblem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("the name is empty");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      return Optional.of("the name contains control characters (NUL, line breaks, ...)");
    }
    return lengthProblem(name);
  }

  /** The database's own limits on a name without control characters. */
  Optional<String> lengthProblem(String name);

  /** Refuses what no quoting makes a safe identifier: NUL ends strings in C-based servers. */
  static String requireQuotable(String identifier) {
    if (identifier == null || identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("an identifier cannot be null or contain NUL");
    }
    return identifier;
  }

  default String quote(TableId table) {
    return quoteIdentifier(table.schema()) + "." + quoteIdentifier(table.name());
  }

  /** The JDBC URL of the configured database (or the server, when the database is blank). */
  String jdbcUrl(ConnectionConfig config);

  /**
   * The JDBC driver, instantiated directly (see {@link
   * io.cdcflow.catalog.connection.JdbcConnector}).
   */
  java.sql.Driver driver() throws SQLException;

  /** Driver properties: credentials, the user's extra properties, and bounded timeouts. */
  Properties jdbcProperties(ConnectionConfig config, Duration connectTimeout);

  SchemaIntrospector introspector(Connection connection);

  /** The server settings and privileges CDC needs, each as pass or fail with a reason. */
  List<PrerequisiteCheck> checkPrerequisites(Connection connection, ConnectionConfig config)
      throws SQLException;

  /** The types columns get when cdcflow creates them in this database (as a target). */
  default TypeMapper typeMapper() {
    return switch (type()) {
      case POSTGRES -> PostgresTypeMapper.INSTANCE;
      case MYSQL -> MySqlTypeMapper.INSTANCE;
    };
  }

  /** CREATE SCHEMA / CREATE TABLE / ADD COLUMN for this database as a target. */
  default SchemaDdl ddl() {
    return switch (type()) {
      case POSTGRES -> PostgresDdl.INSTANCE;
      case MYSQL -> MySqlDdl.INSTANCE;
    };
  }

  /** Upsert, partial update and delete statements for this database as a target. */
  default WriteStatements writeStatements() {
    return switch (type()) {
      case POSTGRES -> PostgresWriteStatements.INSTANCE;
      case MYSQL -> MySqlWriteStatements.INSTANCE;
    };
  }

  static Dialect of(DatabaseType type) {
    return switch (type) {
      case POSTGRES -> PostgresDialect.INSTANCE;
      case MYSQL -> MySqlDialect.INSTANCE;
    };
  }
}
