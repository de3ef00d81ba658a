package io.cdcflow.catalog.dialect.postgres;

import io.cdcflow.catalog.discovery.ColumnSchema;
import io.cdcflow.catalog.discovery.ColumnSchema.TypeCategory;
import io.cdcflow.catalog.discovery.ForeignKey;
import io.cdcflow.catalog.discovery.Partition;
import io.cdcflow.catalog.discovery.SchemaIntrospector;
import io.cdcflow.catalog.discovery.TableDependencies;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TablePattern;
import io.cdcflow.catalog.discovery.TableSchema;
import io.cdcflow.catalog.discovery.TableSummary;
import io.cdcflow.catalog.discovery.UniqueKey;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a PostgreSQL database through pg_catalog (information_schema is slower and hides what the
 * user does not own). Names are always bound as parameters, never written into the SQL. Needs
 * PostgreSQL 12 or later ({@code pg_partition_tree}, {@code attgenerated}).
 *
 * <p>Tables are ordinary tables and partitioned parents; partitions are left out of listings, and a
 * partitioned parent's estimated rows and size are those of all its partitions. Foreign keys are
 * reported as declared: the copies PostgreSQL makes for partitions of a partitioned table are not
 * repeated.
 */
final class PostgresIntrospector implements SchemaIntrospector {

  private static final String USER_SCHEMA =
      "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'";

  private static final String DATABASES =
      """
      SELECT datname FROM pg_database
      WHERE datallowconn AND NOT datistemplate
      ORDER BY datname
      """;

  private static final String SCHEMAS =
      "SELECT n.nspname FROM pg_namespace n WHERE " + USER_SCHEMA + " ORDER BY n.nspname";

  /**
   * Estimated rows, size and whether there is a primary key, of {@code c}. Partitioned tables have
   * no storage of their own: their figures are their leaves' sums.
   */
  private static final String FIGURES =
      """
        CASE WHEN c.relkind = 'p' THEN
            (SELECT CASE WHEN bool_and(l.reltuples < 0) THEN -1
                         ELSE sum(greatest(l.reltuples, 0))::bigint END
             FROM pg_partition_tree(c.oid) AS pt JOIN pg_class l ON l.oid = pt.relid
             WHERE pt.isleaf)
          WHEN c.reltuples < 0 THEN -1
          ELSE c.reltuples::bigint
        END AS estimated_rows,
        CASE WHEN c.relkind = 'p' THEN
            (SELECT sum(pg_total_relation_size(pt.relid))::bigint
             FROM pg_partition_tree(c.oid) AS pt)
          ELSE pg_total_relation_size(c.oid)
        END AS size_bytes,
        EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
          AS has_primary_key
      """;

  private static final String TABLES =
      "SELECT n.nspname, c.relname,"
          + FIGURES
          + """
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND
          """;

  private static final String PARTITIONS =
      "SELECT n.nspname, c.relname,"
          + FIGURES
          + """
          , ARRAY(SELECT an.nspname FROM %1$s) AS ancestor_schemas,
            ARRAY(SELECT ac.relname FROM %1$s) AS ancestor_names
          FROM unnest(?::text[], ?::text[]) AS wanted(schema_name, table_name)
          JOIN pg_namespace n ON n.nspname = wanted.schema_name
          JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = wanted.table_name
          WHERE c.relkind IN ('r', 'p') AND c.relispartition
          ORDER BY n.nspname, c.relname
          """
              .formatted(
                  """
                  pg_partition_ancestors(c.oid) WITH ORDINALITY AS a(relid, ord)
                  JOIN pg_class ac ON ac.oid = a.relid
                  JOIN pg_namespace an ON an.oid = ac.relnamespace
                  WHERE a.relid <> c.oid ORDER BY a.ord""");

  private static final String RESOLVE =
      """
      SELECT c.oid, n.nspname, c.relname
      FROM unnest(?::text[], ?::text[]) AS wanted(schema_name, table_name)
      JOIN pg_namespace n ON n.nspname = wanted.schema_name
      JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = wanted.table_name
      WHERE c.relkind IN ('r', 'p')
      """;

  /**
   * One row per column. {@code scalar} is the type that carries the modifiers and enum labels: a
   * domain's innermost base type, an array's element type, else the column's own type.
   */
  private static final String COLUMNS =
      """
      SELECT a.attrelid, a.attname, a.attnum,
        format_type(a.atttypid, NULL) AS data_type,
        format_type(a.atttypid, a.atttypmod) AS column_type,
        CASE WHEN t.typtype = 'e' THEN 'ENUM'
             WHEN t.typtype = 'd' THEN 'DOMAIN'
             WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY'
             WHEN t.typtype = 'b' THEN 'BASE'
             ELSE 'OTHER' END AS category,
        CASE WHEN t.typtype = 'd' THEN format_type(domain_base.typ, domain_base.mod)
             WHEN t.typelem <> 0 AND t.typlen = -1 THEN format_type(t.typelem, a.atttypmod)
        END AS base_type,
        scalar.typ AS scalar_type, scalar.mod AS scalar_mod,
        a.attnotnull,
        CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default_value,
        a.attidentity IN ('a', 'd')
          OR (a.attgenerated = '' AND pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%')
          AS auto_increment,
        (SELECT pk.ord
         FROM pg_constraint k
         CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS pk(attnum, ord)
         WHERE k.conrelid = a.attrelid AND k.contype = 'p' AND pk.attnum = a.attnum)
          AS primary_key_position,
        (SELECT array_agg(e.enumlabel ORDER BY e.enumsortorder)
         FROM pg_enum e WHERE e.enumtypid = scalar.typ) AS enum_values
      FROM pg_attribute a
      JOIN pg_type t ON t.oid = a.atttypid
      LEFT JOIN LATERAL (
        WITH RECURSIVE chain(typ, mod, depth) AS (
          SELECT t.typbasetype, t.typtypmod, 1 WHERE t.typtype = 'd'
          UNION ALL
          SELECT b.typbasetype, b.typtypmod, chain.depth + 1
          FROM chain JOIN pg_type b ON b.oid = chain.typ
          WHERE b.typtype = 'd')
        SELECT typ, mod FROM chain ORDER BY depth DESC LIMIT 1
      ) AS domain_base ON true
      CROSS JOIN LATERAL (
        SELECT
          CASE WHEN t.typtype = 'd' THEN domain_base.typ
               WHEN t.typelem <> 0 AND t.typlen = -1 THEN t.typelem
               ELSE a.atttypid END AS typ,
          CASE WHEN t.typtype = 'd' THEN domain_base.mod ELSE a.atttypmod END AS mod
      ) AS scalar
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = ANY(?::int8[]::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum
      """;

  /** Unique constraints and plain unique indexes; partial and expression indexes left out. */
  private static final String UNIQUE_KEYS =
      """
      SELECT i.indrelid, ic.relname, a.attname
      FROM pg_index i
      JOIN pg_class ic ON ic.oid = i.indexrelid
      CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS key(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = key.attnum
      WHERE i.indrelid = ANY(?::int8[]::oid[])
        AND i.indisunique AND NOT i.indisprimary AND i.indisvalid
        AND i.indpred IS NULL AND i.indexprs IS NULL
        AND key.ord <= i.indnkeyatts
      ORDER BY i.indrelid, ic.relname, key.ord
      """;

  private static final String FOREIGN_KEYS =
      """
      SELECT k.oid, k.conname, k.conrelid, k.confrelid,
        CASE k.confupdtype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL'
          WHEN 'd' THEN 'SET DEFAULT' END AS on_update,
        CASE k.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL'
          WHEN 'd' THEN 'SET DEFAULT' END AS on_delete,
        sn.nspname AS schema_name, sc.relname AS table_name,
        tn.nspname AS referenced_schema, tc.relname AS referenced_table,
        sa.attname AS column_name, ta.attname AS referenced_column
      FROM pg_constraint k
      CROSS JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY AS pair(src, dst, ord)
      JOIN pg_class sc ON sc.oid = k.conrelid
      JOIN pg_namespace sn ON sn.oid = sc.relnamespace
      JOIN pg_class tc ON tc.oid = k.confrelid
      JOIN pg_namespace tn ON tn.oid = tc.relnamespace
      JOIN pg_attribute sa ON sa.attrelid = k.conrelid AND sa.attnum = pair.src
      JOIN pg_attribute ta ON ta.attrelid = k.confrelid AND ta.attnum = pair.dst
      WHERE k.contype = 'f' AND
      """;

  /** Leaves out the copies a partitioned referencing table makes for each referenced partition. */
  private static final String DECLARED_BY =
      """
      k.conrelid = ANY(?::int8[]::oid[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint p
                        WHERE p.oid = k.conparentid AND p.conrelid = k.conrelid)
      ORDER BY sn.nspname, sc.relname, k.conname, k.oid, pair.ord
      """;

  /** Leaves out the copies each partition of a partitioned referencing table gets. */
  private static final String POINTING_AT =
      """
      k.confrelid = ANY(?::int8[]::oid[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint p
                        WHERE p.oid = k.conparentid AND p.confrelid = k.confrelid)
      ORDER BY sn.nspname, sc.relname, k.conname, k.oid, pair.ord
      """;

  private final Connection connection;

  PostgresIntrospector(Connection connection) {
    this.connection = connection;
  }

  @Override
  public List<String> databases() throws SQLException {
    return strings(DATABASES);
  }

  @Override
  public List<String> schemas() throws SQLException {
    return strings(SCHEMAS);
  }

  @Override
  public List<TableSummary> tables(String schema, TablePattern pattern) throws SQLException {
    String sql = TABLES + (schema == null ? USER_SCHEMA : "n.nspname = ?");
    List<TableSummary> tables = new ArrayList<>();
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      if (schema != null) {
        st.setString(1, schema);
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          TableId id = new TableId(rs.getString(1), rs.getString(2));
          if (pattern == null || pattern.matchesName(id.name())) {
            tables.add(new TableSummary(id, rs.getLong(3), rs.getLong(4), rs.getBoolean(5)));
          }
        }
      }
    }
    tables.sort(Comparator.comparing(TableSummary::id));
    return tables;
  }

  @Override
  public List<Partition> partitions(List<TableId> ids) throws SQLException {
    List<TableId> distinct = List.copyOf(new LinkedHashSet<>(ids));
    if (distinct.isEmpty()) {
      return List.of();
    }
    List<Partition> partitions = new ArrayList<>();
    try (PreparedStatement st = connection.prepareStatement(PARTITIONS)) {
      st.setArray(1, textArray(distinct.stream().map(TableId::schema).toArray(String[]::new)));
      st.setArray(2, textArray(distinct.stream().map(TableId::name).toArray(String[]::new)));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          TableId id = new TableId(rs.getString(1), rs.getString(2));
          String[] schemas = (String[]) rs.getArray(6).getArray();
          String[] names = (String[]) rs.getArray(7).getArray();
          List<TableId> ancestors = new ArrayList<>();
          for (int i = 0; i < schemas.length; i++) {
            ancestors.add(new TableId(schemas[i], names[i]));
          }
          partitions.add(
              new Partition(
                  new TableSummary(id, rs.getLong(3), rs.getLong(4), rs.getBoolean(5)), ancestors));
        }
      }
    }
    return partitions;
  }

  @Override
  public Optional<TableSchema> table(TableId id) throws SQLException {
    return tables(List.of(id)).stream().findFirst();
  }

  /** In the order asked for, each table once; tables that do not exist are left out. */
  @Override
  public List<TableSchema> tables(List<TableId> ids) throws SQLException {
    Map<TableId, Long> oids = resolve(ids);
    if (oids.isEmpty()) {
      return List.of();
    }
    Long[] wanted = oids.values().toArray(Long[]::new);
    Map<Long, List<ColumnSchema>> columns = columns(wanted);
    Map<Long, List<UniqueKey>> uniqueKeys = uniqueKeys(wanted);
    Map<Long, List<ForeignKey>> foreignKeys = foreignKeys(DECLARED_BY, wanted, true);
    List<TableSchema> tables = new ArrayList<>();
    for (Map.Entry<TableId, Long> table : oids.entrySet()) {
      List<ColumnSchema> cols = columns.getOrDefault(table.getValue(), List.of());
      List<String> primaryKey =
          cols.stream()
              .filter(ColumnSchema::primaryKey)
              .sorted(Comparator.comparingInt(ColumnSchema::primaryKeyPosition))
              .map(ColumnSchema::name)
              .toList();
      tables.add(
          new TableSchema(
              table.getKey(),
              cols,
              primaryKey,
              uniqueKeys.getOrDefault(table.getValue(), List.of()),
              foreignKeys.getOrDefault(table.getValue(), List.of())));
    }
    return tables;
  }

  @Override
  public Optional<TableDependencies> dependencies(TableId id) throws SQLException {
    Long oid = resolve(List.of(id)).get(id);
    if (oid == null) {
      return Optional.empty();
    }
    Long[] wanted = {oid};
    List<ForeignKey> references =
        foreignKeys(DECLARED_BY, wanted, true).getOrDefault(oid, List.of());
    List<ForeignKey> referencedBy =
        foreignKeys(POINTING_AT, wanted, false).getOrDefault(oid, List.of());
    return Optional.of(new TableDependencies(id, references, referencedBy));
  }

  /** The oids of those of {@code ids} that exist, keyed in the order asked for. */
  private Map<TableId, Long> resolve(List<TableId> ids) throws SQLException {
    List<TableId> distinct = List.copyOf(new LinkedHashSet<>(ids));
    if (distinct.isEmpty()) {
      return Map.of();
    }
    Map<TableId, Long> found = new LinkedHashMap<>();
    try (PreparedStatement st = connection.prepareStatement(RESOLVE)) {
      st.setArray(1, textArray(distinct.stream().map(TableId::schema).toArray(String[]::new)));
      st.setArray(2, textArray(distinct.stream().map(TableId::name).toArray(String[]::new)));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          found.put(new TableId(rs.getString(2), rs.getString(3)), rs.getLong(1));
        }
      }
    }
    Map<TableId, Long> ordered = new LinkedHashMap<>();
    for (TableId id : distinct) {
      Long oid = found.get(id);
      if (oid != null) {
        ordered.put(id, oid);
      }
    }
    return ordered;
  }

  private Map<Long, List<ColumnSchema>> columns(Long[] oids) throws SQLException {
    Map<Long, List<ColumnSchema>> byTable = new LinkedHashMap<>();
    try (PreparedStatement st = connection.prepareStatement(COLUMNS)) {
      st.setArray(1, connection.createArrayOf("int8", oids));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          List<ColumnSchema> columns =
              byTable.computeIfAbsent(rs.getLong("attrelid"), oid -> new ArrayList<>());
          columns.add(column(rs, rs.getInt("attnum")));
        }
      }
    }
    return byTable;
  }

  private static ColumnSchema column(ResultSet rs, int position) throws SQLException {
    PostgresTypeModifier modifier =
        PostgresTypeModifier.of(rs.getLong("scalar_type"), rs.getInt("scalar_mod"));
    Array labels = rs.getArray("enum_values");
    return new ColumnSchema(
        rs.getString("attname"),
        position,
        rs.getString("data_type"),
        rs.getString("column_type"),
        TypeCategory.valueOf(rs.getString("category")),
        rs.getString("base_type"),
        modifier.length(),
        modifier.precision(),
        modifier.scale(),
        false,
        !rs.getBoolean("attnotnull"),
        rs.getString("default_value"),
        rs.getBoolean("auto_increment"),
        rs.getInt("primary_key_position"),
        labels == null ? List.of() : List.of((String[]) labels.getArray()));
  }

  private Map<Long, List<UniqueKey>> uniqueKeys(Long[] oids) throws SQLException {
    // table oid -> index name -> columns in key order
    Map<Long, Map<String, List<String>>> byTable = new LinkedHashMap<>();
    try (PreparedStatement st = connection.prepareStatement(UNIQUE_KEYS)) {
      st.setArray(1, connection.createArrayOf("int8", oids));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          byTable
              .computeIfAbsent(rs.getLong(1), oid -> new LinkedHashMap<>())
              .computeIfAbsent(rs.getString(2), name -> new ArrayList<>())
              .add(rs.getString(3));
        }
      }
    }
    Map<Long, List<UniqueKey>> keys = new LinkedHashMap<>();
    byTable.forEach(
        (oid, indexes) ->
            keys.put(
                oid,
                indexes.entrySet().stream()
                    .map(index -> new UniqueKey(index.getKey(), index.getValue()))
                    .toList()));
    return keys;
  }

  /**
   * Foreign keys matching {@code condition}, grouped by the declaring table's oid ({@code
   * byDeclaringTable}) or by the referenced table's oid.
   */
  private Map<Long, List<ForeignKey>> foreignKeys(
      String condition, Long[] oids, boolean byDeclaringTable) throws SQLException {
    Map<Long, ForeignKeyRows> byConstraint = new LinkedHashMap<>();
    try (PreparedStatement st = connection.prepareStatement(FOREIGN_KEYS + condition)) {
      st.setArray(1, connection.createArrayOf("int8", oids));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          long constraint = rs.getLong("oid");
          ForeignKeyRows fk = byConstraint.get(constraint);
          if (fk == null) {
            fk =
                new ForeignKeyRows(
                    rs.getLong(byDeclaringTable ? "conrelid" : "confrelid"),
                    rs.getString("conname"),
                    new TableId(rs.getString("schema_name"), rs.getString("table_name")),
                    new TableId(
                        rs.getString("referenced_schema"), rs.getString("referenced_table")));
            fk.onUpdate = rs.getString("on_update");
            fk.onDelete = rs.getString("on_delete");
            byConstraint.put(constraint, fk);
          }
          fk.columns.add(rs.getString("column_name"));
          fk.referencedColumns.add(rs.getString("referenced_column"));
        }
      }
    }
    Map<Long, List<ForeignKey>> keys = new LinkedHashMap<>();
    for (ForeignKeyRows fk : byConstraint.values()) {
      keys.computeIfAbsent(fk.groupOid, oid -> new ArrayList<>()).add(fk.toForeignKey());
    }
    return keys;
  }

  /** One foreign key gathered from its rows, one row per column pair in key order. */
  private static final class ForeignKeyRows {
    final long groupOid;
    final String name;
    final TableId table;
    final TableId referencedTable;
    String onUpdate;
    String onDelete;
    final List<String> columns = new ArrayList<>();
    final List<String> referencedColumns = new ArrayList<>();

    ForeignKeyRows(long groupOid, String name, TableId table, TableId referencedTable) {
      this.groupOid = groupOid;
      this.name = name;
      this.table = table;
      this.referencedTable = referencedTable;
    }

    ForeignKey toForeignKey() {
      return new ForeignKey(
          name, table, columns, referencedTable, referencedColumns, onUpdate, onDelete);
    }
  }

  private Array textArray(String[] values) throws SQLException {
    return connection.createArrayOf("text", values);
  }

  private List<String> strings(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (PreparedStatement st = connection.prepareStatement(sql);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
