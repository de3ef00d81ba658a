package io.cdcflow.catalog.dialect.postgres;

import io.cdcflow.catalog.dialect.WriteStatements;
import io.cdcflow.catalog.discovery.TableId;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** {@code INSERT ... ON CONFLICT (key) DO UPDATE}, {@code UPDATE} and {@code DELETE} by key. */
public final class PostgresWriteStatements implements WriteStatements {

  public static final PostgresWriteStatements INSTANCE = new PostgresWriteStatements();

  private static final PostgresDialect DIALECT = PostgresDialect.INSTANCE;

  private PostgresWriteStatements() {}

  @Override
  public String upsert(TableId table, List<String> columns, List<String> keyColumns) {
    List<String> nonKey = columns.stream().filter(c -> !keyColumns.contains(c)).toList();
    String insert =
        "INSERT INTO "
            + DIALECT.quote(table)
            + " ("
            + list(columns)
            + ") VALUES ("
            + String.join(", ", Collections.nCopies(columns.size(), "?"))
            + ") ON CONFLICT ("
            + list(keyColumns)
            + ") DO ";
    if (nonKey.isEmpty()) {
      return insert + "NOTHING";
    }
    return insert
        + "UPDATE SET "
        + nonKey.stream()
            .map(c -> DIALECT.quoteIdentifier(c) + " = EXCLUDED." + DIALECT.quoteIdentifier(c))
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

  private static String list(List<String> columns) {
    return columns.stream().map(DIALECT::quoteIdentifier).collect(Collectors.joining(", "));
  }

  private static String where(List<String> keyColumns) {
    return keyColumns.stream()
        .map(c -> DIALECT.quoteIdentifier(c) + " = ?")
        .collect(Collectors.joining(" AND "));
  }
}
