package io.cdcflow.catalog.dialect.postgres;

import io.cdcflow.catalog.dialect.ColumnDefinition;
import io.cdcflow.catalog.dialect.SchemaDdl;
import io.cdcflow.catalog.dialect.TableDefinition;
import io.cdcflow.catalog.discovery.TableId;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/** PostgreSQL DDL: {@code IF NOT EXISTS} everywhere, so racing writers are harmless. */
public final class PostgresDdl implements SchemaDdl {

  public static final PostgresDdl INSTANCE = new PostgresDdl();

  private static final PostgresDialect DIALECT = PostgresDialect.INSTANCE;

  private PostgresDdl() {}

  @Override
  public String createSchemaIfMissing(String schema) {
    return "CREATE SCHEMA IF NOT EXISTS " + DIALECT.quoteIdentifier(schema);
  }

  @Override
  public String createTableIfMissing(TableDefinition table) {
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ");
    sql.append(DIALECT.quote(table.id())).append(" (");
    sql.append(
        table.columns().stream().map(PostgresDdl::columnSql).collect(Collectors.joining(", ")));
    if (!table.primaryKey().isEmpty()) {
      sql.append(", PRIMARY KEY (")
          .append(
              table.primaryKey().stream()
                  .map(DIALECT::quoteIdentifier)
                  .collect(Collectors.joining(", ")))
          .append(")");
    }
    return sql.append(")").toString();
  }

  @Override
  public String addColumn(TableId table, ColumnDefinition column) {
    return "ALTER TABLE " + DIALECT.quote(table) + " ADD COLUMN IF NOT EXISTS " + columnSql(column);
  }

  @Override
  public String renameColumn(TableId table, String from, String to) {
    return "ALTER TABLE "
        + DIALECT.quote(table)
        + " RENAME COLUMN "
        + DIALECT.quoteIdentifier(from)
        + " TO "
        + DIALECT.quoteIdentifier(to);
  }

  @Override
  public String alterColumnType(TableId table, ColumnDefinition column) {
    return "ALTER TABLE "
        + DIALECT.quote(table)
        + " ALTER COLUMN "
        + DIALECT.quoteIdentifier(column.name())
        + " TYPE "
        + column.type();
  }

  @Override
  public String dropNotNull(TableId table, ColumnDefinition column) {
    return "ALTER TABLE "
        + DIALECT.quote(table)
        + " ALTER COLUMN "
        + DIALECT.quoteIdentifier(column.name())
        + " DROP NOT NULL";
  }

  @Override
  public String dropColumn(TableId table, String column) {
    return "ALTER TABLE "
        + DIALECT.quote(table)
        + " DROP COLUMN IF EXISTS "
        + DIALECT.quoteIdentifier(column);
  }

  @Override
  public boolean isDuplicateColumn(SQLException e) {
    return "42701".equals(e.getSQLState());
  }

  /** One statement: all the tables are emptied together or none is, whatever keys link them. */
  @Override
  public List<String> empty(List<TableId> tables) {
    return List.of(
        "TRUNCATE TABLE " + tables.stream().map(DIALECT::quote).collect(Collectors.joining(", ")));
  }

  private static String columnSql(ColumnDefinition c) {
    return DIALECT.quoteIdentifier(c.name())
        + " "
        + c.type()
        + (c.defaultLiteral() == null ? "" : " DEFAULT " + c.defaultLiteral())
        + (c.nullable() ? "" : " NOT NULL");
  }
}
