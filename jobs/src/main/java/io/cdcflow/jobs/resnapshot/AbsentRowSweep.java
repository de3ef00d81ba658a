package io.cdcflow.jobs.resnapshot;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.discovery.ColumnSchema.TypeCategory;
import io.cdcflow.jobs.spec.ColumnSpec;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Removes the target rows whose key the source no longer has, a batch of keys at a time in key
 * order, on the task thread that carries the log. A key absent from the source when it is looked up
 * may be deleted from the target before the log's next change is handled: every change of that row
 * the target has not applied yet (buffered in the sink, or still to come) brings the row to its
 * state at the source.
 *
 * <p>Keys travel as text both ways (the target's text bound into the source's lookup, {@code CAST(?
 * AS type)} in PostgreSQL; the target's own text bound back into its delete), so only key types
 * whose text means the same value in both databases are taken ({@link #unsupportedKey}). No row is
 * deleted before at least one key has been found in the source: a sweep that finds none in a source
 * that has rows stops with an error instead, as the forms would differ.
 */
final class AbsentRowSweep {

  static final int BATCH = 500;

  /** Absent keys held back, at most, until the first key is found present. */
  static final int MAX_HELD = 50_000;

  private static final Pattern INTEGER =
      Pattern.compile("(tiny|small|medium|big)?int(eger)?[248]?(\\(\\d+\\))?( unsigned)?");
  private static final Pattern DECIMAL =
      Pattern.compile("(numeric|decimal)(\\(\\d+(,\\s*\\d+)?\\))?( unsigned)?");
  private static final Pattern VARYING =
      Pattern.compile("(character varying|varchar|text)(\\(\\d+\\))?");
  private static final Pattern FIXED = Pattern.compile("(character|char|bpchar)(\\(\\d+\\))?");
  private static final Pattern DATE_TIME =
      Pattern.compile("date|(timestamp|datetime)(\\(\\d\\))?( without time zone)?|uuid");

  private final TableSpec table;
  private final Dialect sourceDialect;
  private final Dialect targetDialect;
  private final Connection source;
  private final Connection target;
  private final boolean sourceHasRows;
  private final List<List<String>> held = new ArrayList<>();
  private final KeyBounds bounds;
  private List<String> after;
  private long present;
  private boolean done;

  /**
   * @param source a connection whose every statement sees the source now (autocommit)
   * @param target a connection with the sink's session settings ({@code
   *     TargetSession#withWriteSettings})
   * @param sourceHasRows whether the copy found rows at all
   * @param bounds the target keys looked at: those whose first column is within them
   */
  AbsentRowSweep(
      PipelineSpec spec,
      TableSpec table,
      Connection source,
      Connection target,
      boolean sourceHasRows,
      KeyBounds bounds) {
    this.bounds = bounds;
    this.table = table;
    this.sourceDialect = Dialect.of(spec.source().type());
    this.targetDialect = Dialect.of(spec.target().type());
    this.source = source;
    this.target = target;
    this.sourceHasRows = sourceHasRows;
  }

  /**
   * Why the table's key is not compared safely between the databases (so the table is not copied
   * again), or empty. Fixed-width text only between databases of one type (padding is compared
   * differently); MySQL's {@code timestamp} never (its text depends on the session's zone).
   */
  static Optional<String> unsupportedKey(PipelineSpec spec, TableSpec table) {
    boolean sameType = spec.source().type() == spec.target().type();
    for (String key : table.keyColumns()) {
      ColumnSpec column = table.columns().get(table.columnIndex(key));
      if (column.sourceCategory() != TypeCategory.BASE
          || !safe(column.sourceType(), spec.source().type(), sameType)
          || !safe(column.targetType(), spec.target().type(), sameType)) {
        return Optional.of(
            "key column "
                + key
                + " ("
                + column.sourceType()
                + " → "
                + column.targetType()
                + ") is not compared between the databases; copying a table again takes keys of"
                + " integer, decimal, text, date, timestamp without time zone and uuid types");
      }
    }
    return Optional.empty();
  }

  private static boolean safe(String type, DatabaseType db, boolean sameType) {
    String t = type.toLowerCase(Locale.ROOT).trim();
    if (db == DatabaseType.MYSQL && t.startsWith("timestamp")) {
      return false;
    }
    return INTEGER.matcher(t).matches()
        || DECIMAL.matcher(t).matches()
        || VARYING.matcher(t).matches()
        || DATE_TIME.matcher(t).matches()
        || (sameType && FIXED.matcher(t).matches());
  }

  boolean done() {
    return done;
  }

  /**
   * Looks up the next batch of target keys; returns how many target rows it removed. A key is
   * deleted only in the call that found it absent (before the log's next change): a key held back
   * is looked up again before it is deleted, as it may have come back meanwhile.
   */
  long next() throws SQLException {
    List<List<String>> keys = readTargetKeys();
    if (keys.size() < BATCH) {
      done = true;
    }
    if (!keys.isEmpty()) {
      after = keys.get(keys.size() - 1);
    }
    List<List<String>> absent = absent(keys);
    present += keys.size() - absent.size();
    if (present == 0) {
      held.addAll(absent);
      if (done && sourceHasRows && !held.isEmpty()) {
        throw new SQLException(
            "none of the target's "
                + held.size()
                + " keys was found in the source, which has rows: the key values differ in form"
                + " between the databases; nothing was removed");
      }
      if (held.size() > MAX_HELD) {
        throw new SQLException(
            "none of the first "
                + held.size()
                + " target keys was found in the source; nothing was removed");
      }
      if (!done || sourceHasRows) {
        return 0;
      }
      absent = List.of(); // an empty source: every held key is looked up again below
    }
    long removed = delete(absent);
    for (int i = 0; i < held.size(); i += BATCH) {
      removed += delete(absent(held.subList(i, Math.min(held.size(), i + BATCH))));
    }
    held.clear();
    return removed;
  }

  private List<List<String>> absent(List<List<String>> keys) throws SQLException {
    if (keys.isEmpty()) {
      return List.of();
    }
    Set<Integer> found = presentAtSource(keys);
    List<List<String>> absent = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (!found.contains(i)) {
        absent.add(keys.get(i));
      }
    }
    return absent;
  }

  private List<List<String>> readTargetKeys() throws SQLException {
    List<String> columns = quoted(targetDialect);
    String list = String.join(", ", columns);
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(list)
            .append(" FROM ")
            .append(targetDialect.quote(table.targetTable()));
    String and = " WHERE ";
    if (after != null) {
      sql.append(and).append("(").append(list).append(") > (").append(marks(columns.size()));
      sql.append(")");
      and = " AND ";
    }
    if (bounds.from() != null) {
      sql.append(and).append(columns.get(0)).append(" >= ?");
      and = " AND ";
    }
    if (bounds.to() != null) {
      sql.append(and).append(columns.get(0)).append(" <= ?");
    }
    sql.append(" ORDER BY ").append(list).append(" LIMIT ").append(BATCH);
    List<List<String>> keys = new ArrayList<>();
    try (PreparedStatement s = target.prepareStatement(sql.toString())) {
      int p = after != null ? bind(s, after, 1) : 1;
      if (bounds.from() != null) {
        s.setString(p++, bounds.from());
      }
      if (bounds.to() != null) {
        s.setString(p, bounds.to());
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          List<String> key = new ArrayList<>(columns.size());
          for (int i = 1; i <= columns.size(); i++) {
            key.add(rs.getString(i));
          }
          keys.add(key);
        }
      }
    }
    return keys;
  }

  /** The positions of the keys the source has: one indexed lookup per key, in one query. */
  private Set<Integer> presentAtSource(List<List<String>> keys) throws SQLException {
    List<String> columns = quoted(sourceDialect);
    String from = " FROM " + sourceDialect.quote(table.sourceTable()) + " WHERE ";
    String match =
        IntStream.range(0, columns.size())
            .mapToObj(i -> columns.get(i) + " = " + sourceParameter(table.keyColumns().get(i)))
            .collect(Collectors.joining(" AND "));
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      sql.append(i == 0 ? "" : " UNION ALL ")
          .append("SELECT ")
          .append(i)
          .append(from)
          .append(match);
    }
    Set<Integer> found = new HashSet<>();
    try (PreparedStatement s = source.prepareStatement(sql.toString())) {
      int p = 1;
      for (List<String> key : keys) {
        p = bind(s, key, p);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getInt(1));
        }
      }
    }
    return found;
  }

  private String sourceParameter(String key) {
    if (sourceDialect.type() != DatabaseType.POSTGRES) {
      return "?";
    }
    return "CAST(? AS " + table.columns().get(table.columnIndex(key)).sourceType() + ")";
  }

  private long delete(List<List<String>> absent) throws SQLException {
    if (absent.isEmpty()) {
      return 0;
    }
    String sql =
        "DELETE FROM "
            + targetDialect.quote(table.targetTable())
            + " WHERE "
            + quoted(targetDialect).stream()
                .map(c -> c + " = ?")
                .collect(Collectors.joining(" AND "));
    try (PreparedStatement s = target.prepareStatement(sql)) {
      for (List<String> key : absent) {
        bind(s, key, 1);
        s.addBatch();
      }
      long removed = 0;
      for (int n : s.executeBatch()) {
        removed += Math.max(n, 0);
      }
      return removed;
    }
  }

  private static int bind(PreparedStatement s, List<String> key, int first) throws SQLException {
    int p = first;
    for (String value : key) {
      s.setString(p++, value);
    }
    return p;
  }

  private static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  private List<String> quoted(Dialect dialect) {
    return table.keyColumns().stream().map(dialect::quoteIdentifier).toList();
  }
}
