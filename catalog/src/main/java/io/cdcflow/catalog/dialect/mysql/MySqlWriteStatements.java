package io.cdcflow.catalog.dialect.mysql;

import io.cdcflow.catalog.dialect.WriteStatements;
import io.cdcflow.catalog.discovery.TableId;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code INSERT ... ON DUPLICATE KEY UPDATE c = VALUES(c)} (the form both MariaDB and MySQL 8
 * accept, and that Connector/J rewrites into multi-row inserts), {@code UPDATE} and {@code DELETE}
 * by key.
 */
public final class MySqlWriteStatements implements WriteStatements {

  public static final MySqlWriteStatements INSTANCE = new MySqlWriteStatements();

  private static final MySqlDialect DIALECT = MySqlDialect.INSTANCE;

  private MySqlWriteStatements() {}

  @Override
  public String upsert(TableId table, List<String> columns, List<String> keyColumns) {
    List<String> nonKey = columns.stream().filter(c -> !keyColumns.contains(c)).toList();
    List<String> updated = nonKey.isEmpty() ? keyColumns.subList(0, 1) : nonKey;
    return "INSERT INTO "
        + DIALECT.quote(table)
        + " ("
        + columns.stream().map(DIALECT::quoteIdentifier).collect(Collectors.joining(", "))
        + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.size(), "?"))
        + ") ON DUPLICATE KEY UPDATE "
        + updated.stream()
            .map(c -> DIALECT.quoteIdentifier(c) + " = VALUES(" + DIALECT.quoteIdentifier(c) + ")")
            .collect(Collectors.joining(", "));
  }

  @Override
  public String update(TableId table, List<String> setColumns, List<String> keyColumns) {
    return "UPDATE "
        + DIALECT.quote(table)
        + " SET "
        + setColumns.stream()
            .map(c -> DIALECT.quoteIdentifier(c) + " = ?")
            .collect(Collectors.joining(", "))
        + " WHERE "
        + where(keyColumns);
  }

  @Override
  public String delete(TableId table, List<String> keyColumns) {
    return "DELETE FROM " + DIALECT.quote(table) + " WHERE " + where(keyColumns);
  }

  private static String where(List<String> keyColumns) {
    return keyColumns.stream()
        .map(c -> DIALECT.quoteIdentifier(c) + " = ?")
        .collect(Collectors.joining(" AND "));
  }
}
