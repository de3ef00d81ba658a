package io.cdcflow.catalog.dialect.mysql;

import io.cdcflow.catalog.discovery.TableId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL of a MySQL/MariaDB snapshot read by key ranges: the binlog position the log is read from
 * afterwards, the row estimate and key bounds that split a table into ranges, and the {@code
 * SELECT} of one range. Range bounds are values of the first key column, bound as parameters.
 */
public final class MySqlSnapshotQueries {

  /**
   * Settings of the session that reads: TIMESTAMP values as UTC text, and a server that waits for a
   * reader held back by its sink (a streamed result set is dropped after {@code net_write_timeout}
   * without a read: 60 s by default).
   */
  public static final List<String> SESSION_SETTINGS =
      List.of("SET SESSION time_zone = '+00:00'", "SET SESSION net_write_timeout = 86400");

  /**
   * Driver settings of the connection that reads, over the user's: the text protocol, whose values
   * arrive as the text the readers parse (server-side prepared statements would send binary).
   */
  public static final Map<String, String> DRIVER_SETTINGS = Map.of("useServerPrepStmts", "false");

  private static final MySqlDialect DIALECT = MySqlDialect.INSTANCE;

  private MySqlSnapshotQueries() {}

  /**
   * The binary log's current file and position: columns 1 and 2. MySQL 8.4 renamed the statement
   * ({@link #BINLOG_STATUS_SINCE_MYSQL_84}); MariaDB and MySQL up to 8.3 know this one.
   */
  public static final String BINLOG_STATUS = "SHOW MASTER STATUS";

  public static final String BINLOG_STATUS_SINCE_MYSQL_84 = "SHOW BINARY LOG STATUS";

  /** InnoDB's row estimate of a table (bind schema and name); 0 or NULL when unknown. */
  public static String estimatedRows() {
    return "SELECT table_rows FROM information_schema.tables WHERE table_schema = ? AND"
        + " table_name = ?";
  }

  public static String countRows(TableId table) {
    return "SELECT count(*) FROM " + DIALECT.quote(table);
  }

  /** The smallest and the largest value of the key column. */
  public static String keyBounds(TableId table, String keyColumn) {
    String key = DIALECT.quoteIdentifier(keyColumn);
    return "SELECT MIN(" + key + "), MAX(" + key + ") FROM " + DIALECT.quote(table);
  }

  /**
   * The key value {@code ?2} rows past the first one above {@code ?1} (or, with {@code first}, from
   * the start of the table, bind only the offset): walks the key's index to the next bound.
   */
  public static String keyAfter(TableId table, String keyColumn, boolean first) {
    String key = DIALECT.quoteIdentifier(keyColumn);
    return "SELECT "
        + key
        + " FROM "
        + DIALECT.quote(table)
        + (first ? "" : " WHERE " + key + " > ?")
        + " ORDER BY "
        + key
        + " LIMIT 1 OFFSET ?";
  }

  /**
   * The columns of the rows whose key column is at least the first parameter and below the next
   * (each only when {@code lowerBound} / {@code upperBound}). The columns in {@code asDouble} are
   * read as a double: the server writes a FLOAT as text with 6 significant digits, a double with
   * enough to give back the float exactly.
   */
  public static String selectRange(
      TableId table,
      List<String> columns,
      Set<String> asDouble,
      String keyColumn,
      boolean lowerBound,
      boolean upperBound) {
    String key = DIALECT.quoteIdentifier(keyColumn);
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(
                columns.stream()
                    .map(
                        c ->
                            asDouble.contains(c)
                                ? "(" + DIALECT.quoteIdentifier(c) + " + 0e0)"
                                : DIALECT.quoteIdentifier(c))
                    .collect(Collectors.joining(", ")))
            .append(" FROM ")
            .append(DIALECT.quote(table));
    String and = " WHERE ";
    if (lowerBound) {
      sql.append(and).append(key).append(" >= ?");
      and = " AND ";
    }
    if (upperBound) {
      sql.append(and).append(key).append(" < ?");
    }
    return sql.toString();
  }
}
