package io.cdcflow.catalog.dialect.mysql;

import io.cdcflow.catalog.dialect.ColumnDefinition;
import io.cdcflow.catalog.dialect.SchemaDdl;
import io.cdcflow.catalog.dialect.TableDefinition;
import io.cdcflow.catalog.discovery.TableId;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * MySQL/MariaDB DDL. Tables get utf8mb4 with the binary collation, so keys that differ only in case
 * (distinct in PostgreSQL) stay distinct. MySQL has no {@code ADD COLUMN IF NOT EXISTS}: a
 * duplicate column error (1060) is how a racing writer learns it lost.
 */
public final class MySqlDdl implements SchemaDdl {

  public static final MySqlDdl INSTANCE = new MySqlDdl();

  private static final MySqlDialect DIALECT = MySqlDialect.INSTANCE;
  private static final int ER_DUP_FIELDNAME = 1060;

  private MySqlDdl() {}

  @Override
  public String createSchemaIfMissing(String schema) {
    return "CREATE DATABASE IF NOT EXISTS "
        + DIALECT.quoteIdentifier(schema)
        + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
  }

  @Override
  public String createTableIfMissing(TableDefinition table) {
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ");
    sql.append(DIALECT.quote(table.id())).append(" (");
    sql.append(table.columns().stream().map(MySqlDdl::columnSql).collect(Collectors.joining(", ")));
    if (!table.primaryKey().isEmpty()) {
      sql.append(", PRIMARY KEY (")
          .append(
              table.primaryKey().stream()
                  .map(DIALECT::quoteIdentifier)
                  .collect(Collectors.joining(", ")))
          .append(")");
    }
    return sql.append(") DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin").toString();
  }

  @Override
  public String addColumn(TableId table, ColumnDefinition column) {
    return "ALTER TABLE " + DIALECT.quote(table) + " ADD COLUMN " + columnSql(column);
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

  /** MODIFY restates the whole column: its nullability and default with the new type. */
  @Override
  public String alterColumnType(TableId table, ColumnDefinition column) {
    return "ALTER TABLE " + DIALECT.quote(table) + " MODIFY COLUMN " + columnSql(column);
  }

  @Override
  public String dropNotNull(TableId table, ColumnDefinition column) {
    return alterColumnType(
        table, new ColumnDefinition(column.name(), column.type(), true, column.defaultLiteral()));
  }

  @Override
  public String dropColumn(TableId table, String column) {
    return "ALTER TABLE "
        + DIALECT.quote(table)
        + " DROP COLUMN "
        + DIALECT.quoteIdentifier(column);
  }

  @Override
  public boolean isDuplicateColumn(SQLException e) {
    return e.getErrorCode() == ER_DUP_FIELDNAME;
  }

  /**
   * TRUNCATE refuses a table another table's foreign key references unless the session's checks are
   * off; each TRUNCATE commits on its own, so a failure part way is retried as a whole.
   */
  @Override
  public List<String> empty(List<TableId> tables) {
    List<String> statements = new ArrayList<>();
    statements.add("SET FOREIGN_KEY_CHECKS = 0");
    tables.forEach(t -> statements.add("TRUNCATE TABLE " + DIALECT.quote(t)));
    statements.add("SET FOREIGN_KEY_CHECKS = 1");
    return statements;
  }

  private static String columnSql(ColumnDefinition c) {
    return DIALECT.quoteIdentifier(c.name())
        + " "
        + c.type()
        + (c.nullable() ? " NULL" : " NOT NULL")
        + (c.defaultLiteral() == null ? "" : " DEFAULT " + c.defaultLiteral());
  }
}
