package io.cdcflow.catalog.dialect.postgres;

import io.cdcflow.catalog.discovery.TableId;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The SQL of a snapshot read by {@code COPY}: the row estimate and key sample that split a table
 * into key ranges, and the {@code COPY (SELECT ...) TO STDOUT} of one range. Range bounds are
 * values of the first key column as PostgreSQL writes them as text, inlined as string literals
 * ({@code COPY} takes no parameters): an untyped literal compared with a column takes the column's
 * type, so the same text compares as the value it came from.
 */
public final class PostgresSnapshotQueries {

  /**
   * Settings of the session that reads: the text output the COPY row parser expects (UTC, ISO
   * dates, hex bytea, exact floats), and literals whose only escape is a doubled quote.
   */
  public static final List<String> SESSION_SETTINGS =
      List.of(
          "SET TimeZone = 'UTC'",
          "SET DateStyle = 'ISO, YMD'",
          "SET IntervalStyle = 'postgres'",
          "SET bytea_output = 'hex'",
          "SET extra_float_digits = 3",
          "SET standard_conforming_strings = on");

  private static final PostgresDialect DIALECT = PostgresDialect.INSTANCE;

  private PostgresSnapshotQueries() {}

  /** The planner's row estimate of the table (bind the qualified, quoted name); -1 if unknown. */
  public static String estimatedRows() {
    return "SELECT reltuples::bigint FROM pg_class WHERE oid = ?::regclass";
  }

  public static String countRows(TableId table) {
    return "SELECT count(*) FROM " + DIALECT.quote(table);
  }

  /**
   * The key column's values of about {@code percent} of the table's rows as text, in the column's
   * order: of that share of its pages ({@code SYSTEM}, reads only those) or, with {@code rowLevel},
   * of every page ({@code BERNOULLI}: the table is read whole, but a small table's sample is not a
   * few clumps of neighbouring rows).
   */
  public static String sampleKeys(
      TableId table, String keyColumn, double percent, boolean rowLevel) {
    String key = DIALECT.quoteIdentifier(keyColumn);
    // ordered by the value (s.k), not by its text: ORDER BY k alone would sort the text output
    return "SELECT s.k::text AS bound FROM (SELECT "
        + key
        + " AS k FROM "
        + DIALECT.quote(table)
        + (rowLevel ? " TABLESAMPLE BERNOULLI (" : " TABLESAMPLE SYSTEM (")
        + String.format(Locale.ROOT, "%.6f", percent)
        + ")) s ORDER BY s.k";
  }

  /** The key column's first value after {@code value}, as text; no row when there is none. */
  public static String keyAfter(TableId table, String keyColumn, String value) {
    String key = DIALECT.quoteIdentifier(keyColumn);
    return "SELECT "
        + key
        + "::text FROM "
        + DIALECT.quote(table)
        + " WHERE "
        + key
        + " > "
        + literal(value)
        + " ORDER BY "
        + key
        + " LIMIT 1";
  }

  /**
   * The columns of the rows whose key column is at least {@code lower} and below {@code upper}
   * (null: unbounded), in COPY text format.
   */
  public static String copyRange(
      TableId table, List<String> columns, String keyColumn, String lower, String upper) {
    String key = DIALECT.quoteIdentifier(keyColumn);
    StringBuilder sql =
        new StringBuilder("COPY (SELECT ")
            .append(
                columns.stream().map(DIALECT::quoteIdentifier).collect(Collectors.joining(", ")))
            .append(" FROM ")
            .append(DIALECT.quote(table));
    String and = " WHERE ";
    if (lower != null) {
      sql.append(and).append(key).append(" >= ").append(literal(lower));
      and = " AND ";
    }
    if (upper != null) {
      sql.append(and).append(key).append(" < ").append(literal(upper));
    }
    return sql.append(") TO STDOUT").toString();
  }

  /** A string literal under {@code standard_conforming_strings}: quotes doubled, NUL refused. */
  static String literal(String text) {
    if (text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a key value holds NUL");
    }
    return "'" + text.replace("'", "''") + "'";
  }
}
