package io.cdcflow.catalog.dialect.postgres;

import io.cdcflow.catalog.dialect.WriteStatements;
import io.cdcflow.catalog.discovery.TableId;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code INSERT ... ON CONFLICT (key) DO UPDATE}, {@code UPDATE} and {@code DELETE} by key; and for
 * loading whole rows in bulk, a temporary staging table filled by {@code COPY} and merged into the
 * target with one {@code INSERT ... SELECT ... ON CONFLICT}.
 */
public final class PostgresWriteStatements implements WriteStatements {

  public static final PostgresWriteStatements INSTANCE = new PostgresWriteStatements();

  private static final PostgresDialect DIALECT = PostgresDialect.INSTANCE;

  private PostgresWriteStatements() {}

  @Override
  public String upsert(TableId table, List<String> columns, List<String> keyColumns) {
    String insert =
        "INSERT INTO "
            + DIALECT.quote(table)
            + " ("
            + list(columns)
            + ") VALUES ("
            + String.join(", ", Collections.nCopies(columns.size(), "?"))
            + ")";
    return insert + onConflict(columns, keyColumns);
  }

  private static String onConflict(List<String> columns, List<String> keyColumns) {
    List<String> nonKey = columns.stream().filter(c -> !keyColumns.contains(c)).toList();
    String onConflict = " ON CONFLICT (" + list(keyColumns) + ") DO ";
    if (nonKey.isEmpty()) {
      return onConflict + "NOTHING";
    }
    return onConflict
        + "UPDATE SET "
        + nonKey.stream()
            .map(c -> DIALECT.quoteIdentifier(c) + " = EXCLUDED." + DIALECT.quoteIdentifier(c))
            .collect(Collectors.joining(", "));
  }

  /**
   * Creates the session's staging table for {@code columns} of {@code table} when missing: the
   * target's column types, no constraints, emptied at every commit.
   */
  public String createStage(String stage, TableId table, List<String> columns) {
    return "CREATE TEMPORARY TABLE IF NOT EXISTS "
        + DIALECT.quoteIdentifier(stage)
        + " ON COMMIT DELETE ROWS AS SELECT "
        + list(columns)
        + " FROM "
        + DIALECT.quote(table)
        + " WITH NO DATA";
  }

  /** {@code COPY} of the columns into the staging table, text format, from the client. */
  public String copyIntoStage(String stage, List<String> columns) {
    return "COPY pg_temp." + DIALECT.quoteIdentifier(stage) + " (" + list(columns) + ") FROM STDIN";
  }

  /** {@code COPY} of the columns straight into the table, text format, from the client. */
  public String copyInto(TableId table, List<String> columns) {
    return "COPY " + DIALECT.quote(table) + " (" + list(columns) + ") FROM STDIN";
  }

  /** The staged rows into the table: the same upsert as {@link #upsert}, one statement. */
  public String upsertFromStage(
      TableId table, String stage, List<String> columns, List<String> keyColumns) {
    return "INSERT INTO "
        + DIALECT.quote(table)
        + " ("
        + list(columns)
        + ") SELECT "
        + list(columns)
        + " FROM pg_temp."
        + DIALECT.quoteIdentifier(stage)
        + onConflict(columns, keyColumns);
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
