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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Removes the target rows whose key the source no longer has, a batch of keys at a time in key
 * order. A key absent from the source at the moment it is looked up may be deleted from the target
 * whatever the log still carries: every change of that row the target has not applied yet comes
 * later from the log, and brings the row to its state at the source.
 *
 * <p>The target's keys are looked up in the source as text ({@code CAST(? AS type)} in PostgreSQL),
 * so only key types whose text is the same in both databases are swept ({@link #unsupportedKey}); a
 * mistaken comparison would delete rows that exist.
 */
final class AbsentRowSweep {

  static final int BATCH = 500;

  /** Types whose text form reads back as the same value in either database. */
  private static final Pattern TEXT_SAFE =
      Pattern.compile(
          "(tiny|small|medium|big)?int(eger)?[248]?(\\(\\d+\\))?( unsigned)?"
              + "|(numeric|decimal)(\\(\\d+(,\\s*\\d+)?\\))?( unsigned)?"
              + "|(character varying|varchar|character|char|bpchar|text)(\\(\\d+\\))?"
              + "|uuid|date"
              + "|(timestamp|datetime)(\\(\\d\\))?( without time zone)?");

  private final TableSpec table;
  private final Dialect sourceDialect;
  private final Dialect targetDialect;
  private final Connection source;
  private final Connection target;
  private List<Object> after;
  private long present;
  private boolean done;

  AbsentRowSweep(PipelineSpec spec, TableSpec table, Connection source, Connection target) {
    this.table = table;
    this.sourceDialect = Dialect.of(spec.source().type());
    this.targetDialect = Dialect.of(spec.target().type());
    this.source = source;
    this.target = target;
  }

  /** Why the table's key cannot be looked up safely, or empty. */
  static Optional<String> unsupportedKey(TableSpec table) {
    for (String key : table.keyColumns()) {
      ColumnSpec column = table.columns().get(table.columnIndex(key));
      if (column.sourceCategory() != TypeCategory.BASE
          || !TEXT_SAFE.matcher(column.sourceType().toLowerCase(Locale.ROOT)).matches()
          || !TEXT_SAFE.matcher(column.targetType().toLowerCase(Locale.ROOT)).matches()) {
        return Optional.of(
            "target rows absent from the source were not removed: key column "
                + key
                + " ("
                + column.sourceType()
                + " → "
                + column.targetType()
                + ") is not compared between the databases");
      }
    }
    return Optional.empty();
  }

  boolean done() {
    return done;
  }

  /** Looks up the next batch of target keys; returns how many target rows it removed. */
  long next() throws SQLException {
    List<List<Object>> keys = new ArrayList<>();
    List<List<String>> texts = new ArrayList<>();
    readTargetKeys(keys, texts);
    if (keys.size() < BATCH) {
      done = true;
    }
    if (keys.isEmpty()) {
      return 0;
    }
    after = keys.get(keys.size() - 1);
    Set<Integer> found = presentAtSource(texts);
    present += found.size();
    if (present == 0 && keys.size() >= 100) {
      throw new SQLException(
          "none of the first "
              + keys.size()
              + " target keys was found in the source, which suggests the key values differ in"
              + " form between the databases; nothing was removed");
    }
    List<List<Object>> absent = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (!found.contains(i)) {
        absent.add(keys.get(i));
      }
    }
    return delete(absent);
  }

  private void readTargetKeys(List<List<Object>> keys, List<List<String>> texts)
      throws SQLException {
    List<String> columns = quoted(targetDialect);
    String list = String.join(", ", columns);
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(list)
            .append(" FROM ")
            .append(targetDialect.quote(table.targetTable()));
    if (after != null) {
      sql.append(" WHERE (")
          .append(list)
          .append(") > (")
          .append(columns.stream().map(c -> "?").collect(Collectors.joining(", ")))
          .append(")");
    }
    sql.append(" ORDER BY ").append(list).append(" LIMIT ").append(BATCH);
    try (PreparedStatement s = target.prepareStatement(sql.toString())) {
      if (after != null) {
        for (int i = 0; i < after.size(); i++) {
          s.setObject(i + 1, after.get(i));
        }
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          List<Object> key = new ArrayList<>(columns.size());
          List<String> text = new ArrayList<>(columns.size());
          for (int i = 1; i <= columns.size(); i++) {
            key.add(rs.getObject(i));
            text.add(rs.getString(i));
          }
          keys.add(key);
          texts.add(text);
        }
      }
    }
  }

  /** The positions of the keys the source has: one indexed lookup per key, in one query. */
  private Set<Integer> presentAtSource(List<List<String>> texts) throws SQLException {
    List<String> columns = quoted(sourceDialect);
    String from = " FROM " + sourceDialect.quote(table.sourceTable()) + " WHERE ";
    String match =
        java.util.stream.IntStream.range(0, columns.size())
            .mapToObj(i -> columns.get(i) + " = " + parameter(table.keyColumns().get(i)))
            .collect(Collectors.joining(" AND "));
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < texts.size(); i++) {
      sql.append(i == 0 ? "" : " UNION ALL ")
          .append("SELECT ")
          .append(i)
          .append(from)
          .append(match);
    }
    Set<Integer> found = new HashSet<>();
    try (PreparedStatement s = source.prepareStatement(sql.toString())) {
      int p = 1;
      for (List<String> key : texts) {
        for (String value : key) {
          s.setString(p++, value);
        }
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getInt(1));
        }
      }
    }
    return found;
  }

  private String parameter(String key) {
    if (sourceDialect.type() != DatabaseType.POSTGRES) {
      return "?";
    }
    return "CAST(? AS " + table.columns().get(table.columnIndex(key)).sourceType() + ")";
  }

  private long delete(List<List<Object>> absent) throws SQLException {
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
      for (List<Object> key : absent) {
        for (int i = 0; i < key.size(); i++) {
          s.setObject(i + 1, key.get(i));
        }
        s.addBatch();
      }
      long removed = 0;
      for (int n : s.executeBatch()) {
        removed += Math.max(n, 0);
      }
      return removed;
    }
  }

  private List<String> quoted(Dialect dialect) {
    return table.keyColumns().stream().map(dialect::quoteIdentifier).toList();
  }
}
