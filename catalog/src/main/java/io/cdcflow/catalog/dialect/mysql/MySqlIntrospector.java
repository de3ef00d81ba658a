package io.cdcflow.catalog.dialect.mysql;

import io.cdcflow.catalog.discovery.ColumnSchema;
import io.cdcflow.catalog.discovery.ColumnSchema.TypeCategory;
import io.cdcflow.catalog.discovery.ForeignKey;
import io.cdcflow.catalog.discovery.SchemaIntrospector;
import io.cdcflow.catalog.discovery.TableDependencies;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TablePattern;
import io.cdcflow.catalog.discovery.TableSchema;
import io.cdcflow.catalog.discovery.TableSummary;
import io.cdcflow.catalog.discovery.UniqueKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads a MySQL or MariaDB server through information_schema. Names are always bound as parameters.
 * information_schema compares names case- and accent-insensitively (utf8mb3_general_ci), so every
 * row is matched to the names asked for exactly in Java: {@code Orders} and {@code orders} stay two
 * tables.
 *
 * <p>Many tables are read with one round of queries per database (IN lists), not per table.
 * Estimated rows are InnoDB's TABLE_ROWS (an estimate that always exists; -1 only when the engine
 * reports none), size is DATA_LENGTH + INDEX_LENGTH. MariaDB's {@code json} is a {@code longtext}
 * with a {@code json_valid} check and is reported as {@code longtext}.
 */
final class MySqlIntrospector implements SchemaIntrospector {

  private static final String USER_SCHEMA =
      "NOT IN ('information_schema', 'mysql', 'performance_schema', 'sys')";

  /** MariaDB lists system-versioned tables apart; sequences and views are left out. */
  private static final String BASE_TABLE = "TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')";

  /** Names per IN list: far below the protocol's limit of 65,535 placeholders. */
  private static final int BATCH = 500;

  private static final Set<String> LENGTH_TYPES = Set.of("char", "varchar", "binary", "varbinary");
  private static final Set<String> EXACT_NUMERIC_TYPES = Set.of("decimal", "numeric");
  private static final Set<String> TEMPORAL_TYPES = Set.of("datetime", "timestamp", "time");
  private static final Set<String> NUMERIC_TYPES =
      Set.of(
          "tinyint",
          "smallint",
          "mediumint",
          "int",
          "integer",
          "bigint",
          "decimal",
          "numeric",
          "float",
          "double",
          "real",
          "bit",
          "year");

  private final Connection connection;
  private Boolean mariaDb;
  private boolean statisticsFresh;

  MySqlIntrospector(Connection connection) {
    this.connection = connection;
  }

  @Override
  public List<String> databases() throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement st =
            connection.prepareStatement(
                "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME "
                    + USER_SCHEMA);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    names.sort(Comparator.naturalOrder());
    return names;
  }

  @Override
  public List<String> schemas() throws SQLException {
    return databases();
  }

  /** A null {@code schema} means every user database, whatever database the connection uses. */
  @Override
  public List<TableSummary> tables(String schema, TablePattern pattern) throws SQLException {
    freshStatistics();
    String where = schema == null ? "TABLE_SCHEMA " + USER_SCHEMA : "TABLE_SCHEMA = ?";
    Set<TableId> withPrimaryKey = new HashSet<>();
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLE_CONSTRAINTS"
                + " WHERE CONSTRAINT_TYPE = 'PRIMARY KEY' AND "
                + where)) {
      if (schema != null) {
        st.setString(1, schema);
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          withPrimaryKey.add(new TableId(rs.getString(1), rs.getString(2)));
        }
      }
    }
    List<TableSummary> tables = new ArrayList<>();
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH"
                + " FROM information_schema.TABLES WHERE "
                + BASE_TABLE
                + " AND "
                + where)) {
      if (schema != null) {
        st.setString(1, schema);
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          TableId id = new TableId(rs.getString(1), rs.getString(2));
          if ((schema == null || schema.equals(id.schema()))
              && (pattern == null || pattern.matchesName(id.name()))) {
            long rows = rs.getLong(3);
            long rowsOrUnknown = rs.wasNull() ? -1 : rows;
            tables.add(
                new TableSummary(id, rowsOrUnknown, rs.getLong(4), withPrimaryKey.contains(id)));
          }
        }
      }
    }
    tables.sort(Comparator.comparing(TableSummary::id));
    return tables;
  }

  @Override
  public Optional<TableSchema> table(TableId id) throws SQLException {
    return tables(List.of(id)).stream().findFirst();
  }

  /** In the order asked for, each table once; tables that do not exist are left out. */
  @Override
  public List<TableSchema> tables(List<TableId> ids) throws SQLException {
    Map<String, List<String>> namesBySchema = new LinkedHashMap<>();
    for (TableId id : new LinkedHashSet<>(ids)) {
      namesBySchema.computeIfAbsent(id.schema(), s -> new ArrayList<>()).add(id.name());
    }
    Map<TableId, TableSchema> found = new HashMap<>();
    for (Map.Entry<String, List<String>> schema : namesBySchema.entrySet()) {
      List<String> names = schema.getValue();
      for (int from = 0; from < names.size(); from += BATCH) {
        List<String> batch = names.subList(from, Math.min(names.size(), from + BATCH));
        for (TableSchema table : tablesOfSchema(schema.getKey(), batch)) {
          found.put(table.id(), table);
        }
      }
    }
    List<TableSchema> tables = new ArrayList<>();
    for (TableId id : new LinkedHashSet<>(ids)) {
      TableSchema table = found.get(id);
      if (table != null) {
        tables.add(table);
      }
    }
    return tables;
  }

  @Override
  public Optional<TableDependencies> dependencies(TableId id) throws SQLException {
    if (existing(id.schema(), List.of(id.name())).isEmpty()) {
      return Optional.empty();
    }
    List<ForeignKey> references =
        foreignKeys(
                "k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ?",
                List.of(id.schema(), id.name()),
                fk -> fk.table().equals(id))
            .getOrDefault(id, List.of());
    List<ForeignKey> referencedBy = new ArrayList<>();
    foreignKeys(
            "k.REFERENCED_TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME = ?",
            List.of(id.schema(), id.name()),
            fk -> fk.referencedTable().equals(id))
        .values()
        .forEach(referencedBy::addAll);
    return Optional.of(new TableDependencies(id, references, referencedBy));
  }

  /** One database's tables among {@code names}: four queries whatever the number of names. */
  private List<TableSchema> tablesOfSchema(String schema, List<String> names) throws SQLException {
    Set<String> existing = existing(schema, names);
    if (existing.isEmpty()) {
      return List.of();
    }
    List<String> batch = List.copyOf(existing);
    List<Object> params = new ArrayList<>();
    params.add(schema);
    params.addAll(batch);
    String inNames = "TABLE_SCHEMA = ? AND TABLE_NAME IN (" + placeholders(batch.size()) + ")";

    Map<String, Map<String, List<String>>> uniqueIndexes = uniqueIndexes(schema, inNames, params);
    Map<String, List<ColumnSchema>> columns = columns(schema, inNames, params, uniqueIndexes);
    Map<TableId, List<ForeignKey>> foreignKeys =
        foreignKeys(
            "k.TABLE_SCHEMA = ? AND k.TABLE_NAME IN (" + placeholders(batch.size()) + ")",
            params,
            fk -> fk.table().schema().equals(schema) && existing.contains(fk.table().name()));

    List<TableSchema> tables = new ArrayList<>();
    for (String name : batch) {
      TableId id = new TableId(schema, name);
      Map<String, List<String>> indexes = uniqueIndexes.getOrDefault(name, Map.of());
      List<UniqueKey> uniqueKeys = new ArrayList<>();
      indexes.forEach(
          (index, cols) -> {
            if (!"PRIMARY".equals(index)) {
              uniqueKeys.add(new UniqueKey(index, cols));
            }
          });
      tables.add(
          new TableSchema(
              id,
              columns.getOrDefault(name, List.of()),
              indexes.getOrDefault("PRIMARY", List.of()),
              uniqueKeys,
              foreignKeys.getOrDefault(id, List.of())));
    }
    return tables;
  }

  /** Those of {@code names} that are base tables of {@code schema}, exactly as named. */
  private Set<String> existing(String schema, List<String> names) throws SQLException {
    List<Object> params = new ArrayList<>();
    params.add(schema);
    params.addAll(names);
    Set<String> wanted = new HashSet<>(names);
    Set<String> existing = new LinkedHashSet<>();
    try (PreparedStatement st =
            prepare(
                "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE "
                    + BASE_TABLE
                    + " AND TABLE_SCHEMA = ? AND TABLE_NAME IN ("
                    + placeholders(names.size())
                    + ")",
                params);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        String name = rs.getString(2);
        if (schema.equals(rs.getString(1)) && wanted.contains(name)) {
          existing.add(name);
        }
      }
    }
    return existing;
  }

  /**
   * Unique indexes by table and index name, columns in index order; "PRIMARY" is the primary key.
   * An index with an expression part (MySQL 8 functional index) is left out.
   */
  private Map<String, Map<String, List<String>>> uniqueIndexes(
      String schema, String inNames, List<Object> params) throws SQLException {
    Map<String, Map<String, List<String>>> byTable = new HashMap<>();
    Set<String> withExpression = new HashSet<>();
    try (PreparedStatement st =
            prepare(
                "SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, COLUMN_NAME"
                    + " FROM information_schema.STATISTICS WHERE NON_UNIQUE = 0 AND "
                    + inNames
                    + " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
                params);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        if (!schema.equals(rs.getString(1))) {
          continue;
        }
        String table = rs.getString(2);
        String index = rs.getString(3);
        String column = rs.getString(4);
        if (column == null) {
          withExpression.add(table + '\0' + index);
        }
        byTable
            .computeIfAbsent(table, t -> new LinkedHashMap<>())
            .computeIfAbsent(index, i -> new ArrayList<>())
            .add(column);
      }
    }
    byTable.forEach(
        (table, indexes) ->
            indexes.keySet().removeIf(i -> withExpression.contains(table + '\0' + i)));
    return byTable;
  }

  private Map<String, List<ColumnSchema>> columns(
      String schema,
      String inNames,
      List<Object> params,
      Map<String, Map<String, List<String>>> uniqueIndexes)
      throws SQLException {
    boolean maria = isMariaDb();
    Map<String, List<ColumnSchema>> byTable = new HashMap<>();
    try (PreparedStatement st =
            prepare(
                """
                SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE,
                  COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE,
                  DATETIME_PRECISION, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, GENERATION_EXPRESSION
                FROM information_schema.COLUMNS WHERE\s"""
                    + inNames
                    + " ORDER BY TABLE_NAME, ORDINAL_POSITION",
                params);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        String table = rs.getString("TABLE_NAME");
        if (!schema.equals(rs.getString("TABLE_SCHEMA"))) {
          continue;
        }
        List<String> primaryKey =
            uniqueIndexes.getOrDefault(table, Map.of()).getOrDefault("PRIMARY", List.of());
        byTable.computeIfAbsent(table, t -> new ArrayList<>()).add(column(rs, primaryKey, maria));
      }
    }
    byTable.values().forEach(cols -> cols.sort(Comparator.comparingInt(ColumnSchema::position)));
    return byTable;
  }

  private static ColumnSchema column(ResultSet rs, List<String> primaryKey, boolean maria)
      throws SQLException {
    String name = rs.getString("COLUMN_NAME");
    String dataType = rs.getString("DATA_TYPE").toLowerCase(Locale.ROOT);
    String columnType = rs.getString("COLUMN_TYPE");
    String lowerType = columnType.toLowerCase(Locale.ROOT);
    String extra = nullToEmpty(rs.getString("EXTRA")).toLowerCase(Locale.ROOT);
    boolean generated = !nullToEmpty(rs.getString("GENERATION_EXPRESSION")).isEmpty();

    TypeCategory category =
        switch (dataType) {
          case "enum" -> TypeCategory.ENUM;
          case "set" -> TypeCategory.SET;
          default -> TypeCategory.BASE;
        };
    Integer length = null;
    if (LENGTH_TYPES.contains(dataType)) {
      length = integer(rs, "CHARACTER_MAXIMUM_LENGTH");
    } else if ("bit".equals(dataType)) {
      length = integer(rs, "NUMERIC_PRECISION");
    }
    Integer precision = null;
    Integer scale = null;
    if (EXACT_NUMERIC_TYPES.contains(dataType)) {
      precision = integer(rs, "NUMERIC_PRECISION");
      scale = integer(rs, "NUMERIC_SCALE");
    } else if (TEMPORAL_TYPES.contains(dataType)) {
      scale = integer(rs, "DATETIME_PRECISION");
    }
    String defaultValue =
        generated
            ? null
            : defaultExpression(rs.getString("COLUMN_DEFAULT"), dataType, extra, maria);
    return new ColumnSchema(
        name,
        rs.getInt("ORDINAL_POSITION"),
        dataType,
        columnType,
        category,
        null,
        length,
        precision,
        scale,
        lowerType.contains(" unsigned"),
        "YES".equals(rs.getString("IS_NULLABLE")),
        defaultValue,
        extra.contains("auto_increment"),
        primaryKey.indexOf(name) + 1,
        category == TypeCategory.BASE ? List.of() : MySqlEnumLabels.parse(columnType));
  }

  /**
   * The default as an SQL expression. MariaDB (10.2.7+) already prints one ({@code 'abc'}, {@code
   * 0}, {@code current_timestamp()}), and {@code NULL} for "no default" on a nullable column. MySQL
   * prints a literal's bare value, so strings and dates get quoted here; an expression default
   * (EXTRA DEFAULT_GENERATED) is kept as printed.
   */
  private static String defaultExpression(
      String printed, String dataType, String extra, boolean maria) {
    if (printed == null) {
      return null;
    }
    if (maria) {
      return "NULL".equals(printed) ? null : printed;
    }
    if (extra.contains("default_generated") || NUMERIC_TYPES.contains(dataType)) {
      return printed;
    }
    return "'" + printed.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  /**
   * Foreign keys of KEY_COLUMN_USAGE rows matching {@code condition}, keyed by the declaring table;
   * {@code keep} drops rows that matched only case-insensitively.
   */
  private Map<TableId, List<ForeignKey>> foreignKeys(
      String condition, List<Object> params, Predicate<ForeignKey> keep) throws SQLException {
    Map<List<String>, ForeignKeyColumns> byConstraint = new LinkedHashMap<>();
    try (PreparedStatement st =
            prepare(
                """
                SELECT k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME,
                  k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME,
                  r.UPDATE_RULE, r.DELETE_RULE
                FROM information_schema.KEY_COLUMN_USAGE k
                LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r
                  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA
                  AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
                WHERE k.REFERENCED_TABLE_NAME IS NOT NULL AND\s"""
                    + condition
                    + """

                ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION""",
                params);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        TableId table = new TableId(rs.getString(1), rs.getString(2));
        String name = rs.getString(3);
        ForeignKeyColumns fk =
            byConstraint.computeIfAbsent(
                List.of(table.schema(), table.name(), name),
                key -> new ForeignKeyColumns(name, table));
        if (fk.referencedTable == null) {
          fk.referencedTable = new TableId(rs.getString(5), rs.getString(6));
          fk.onUpdate = rs.getString(8);
          fk.onDelete = rs.getString(9);
        }
        fk.columns.add(rs.getString(4));
        fk.referencedColumns.add(rs.getString(7));
      }
    }
    Map<TableId, List<ForeignKey>> byTable = new LinkedHashMap<>();
    for (ForeignKeyColumns columns : byConstraint.values()) {
      ForeignKey fk = columns.toForeignKey();
      if (keep.test(fk)) {
        byTable.computeIfAbsent(fk.table(), t -> new ArrayList<>()).add(fk);
      }
    }
    return byTable;
  }

  /** One foreign key gathered from its rows, one row per column pair in key order. */
  private static final class ForeignKeyColumns {
    final String name;
    final TableId table;
    TableId referencedTable;
    String onUpdate;
    String onDelete;
    final List<String> columns = new ArrayList<>();
    final List<String> referencedColumns = new ArrayList<>();

    ForeignKeyColumns(String name, TableId table) {
      this.name = name;
      this.table = table;
    }

    ForeignKey toForeignKey() {
      return new ForeignKey(
          name, table, columns, referencedTable, referencedColumns, onUpdate, onDelete);
    }
  }

  /**
   * MySQL 8 caches TABLE_ROWS and DATA_LENGTH for a day by default; ask for current figures.
   * MariaDB has no such cache (and no such variable).
   */
  private void freshStatistics() throws SQLException {
    if (statisticsFresh || isMariaDb()) {
      return;
    }
    boolean cached;
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SHOW VARIABLES LIKE 'information_schema_stats_expiry'")) {
      cached = rs.next();
    }
    if (cached) {
      try (Statement st = connection.createStatement()) {
        st.execute("SET SESSION information_schema_stats_expiry = 0");
      }
    }
    statisticsFresh = true;
  }

  private boolean isMariaDb() throws SQLException {
    if (mariaDb == null) {
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT VERSION()")) {
        rs.next();
        mariaDb = rs.getString(1).toLowerCase(Locale.ROOT).contains("mariadb");
      }
    }
    return mariaDb;
  }

  private PreparedStatement prepare(String sql, Collection<Object> params) throws SQLException {
    PreparedStatement st = connection.prepareStatement(sql);
    try {
      int i = 1;
      for (Object param : params) {
        st.setObject(i++, param);
      }
      return st;
    } catch (SQLException e) {
      st.close();
      throw e;
    }
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }

  private static Integer integer(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : (int) Math.min(Integer.MAX_VALUE, value);
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
