package io.cdcflow.catalog.dialect;

import io.cdcflow.catalog.discovery.TableId;
import java.sql.SQLException;
import java.util.List;

/**
 * The DDL statements cdcflow runs on a target. Every identifier goes through the dialect's {@link
 * Dialect#quoteIdentifier}; nothing is concatenated raw.
 */
public interface SchemaDdl {

  /** Creates the schema (MySQL: database) unless it exists. */
  String createSchemaIfMissing(String schema);

  /** Creates the table with its primary key unless it exists. */
  String createTableIfMissing(TableDefinition table);

  /** Adds a column; idempotent where the database allows ({@code IF NOT EXISTS}). */
  String addColumn(TableId table, ColumnDefinition column);

  /** Renames a column, keeping its values. */
  String renameColumn(TableId table, String from, String to);

  /** Changes a column's type (to a wider one: the values are kept as they are). */
  String alterColumnType(TableId table, ColumnDefinition column);

  /** Lets a column take NULL (one no longer written must not refuse new rows). */
  String dropNotNull(TableId table, ColumnDefinition column);

  /** Drops a column. */
  String dropColumn(TableId table, String column);

  /** True when the error says the column already exists (a concurrent writer added it first). */
  boolean isDuplicateColumn(SQLException e);

  /**
   * Empties the tables, each existing, run in order on one connection. Foreign keys between them
   * (or from other tables) must not leave some emptied and others not.
   */
  List<String> empty(List<TableId> tables);
}
