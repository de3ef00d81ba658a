package io.cdcflow.api.pipelines;

import io.cdcflow.catalog.discovery.ColumnSchema;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TableSchema;
import io.cdcflow.jobs.spec.ColumnSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Source (as the pipeline would create it) versus the target as it is, table by table and column by
 * column: missing, extra, type mismatch, nullability mismatch (the target refuses NULL where the
 * source allows it), key mismatch. The schema diff endpoint, validate and the data quality report
 * all read this one comparison.
 */
public record SchemaDiff(
    TableId source, TableId target, boolean targetExists, List<ColumnDifference> differences) {

  public SchemaDiff {
    differences = List.copyOf(differences);
  }

  /** True when the sink cannot write this table as it is (it would fail, not just add columns). */
  public boolean incompatible() {
    return differences.stream().anyMatch(d -> d.kind().equals(ColumnDifference.KEY_MISMATCH));
  }

  /**
   * How far the target has drifted from what cdcflow would create, in columns: every difference
   * counts one (a key mismatch too), and a missing target table counts all its expected columns.
   */
  public int driftedColumns(int expectedColumns) {
    return targetExists ? differences.size() : expectedColumns;
  }

  public static SchemaDiff of(TableSpec expected, TableSchema actual) {
    if (actual == null) {
      return new SchemaDiff(expected.sourceTable(), expected.targetTable(), false, List.of());
    }
    List<ColumnDifference> differences = new ArrayList<>();
    Map<String, ColumnSchema> existing =
        actual.columns().stream().collect(Collectors.toMap(ColumnSchema::name, c -> c));
    for (ColumnSpec column : expected.columns()) {
      ColumnSchema present = existing.get(column.name());
      if (present == null) {
        differences.add(
            new ColumnDifference(
                column.name(), ColumnDifference.MISSING, column.targetType(), null));
      } else if (!sameType(column.targetType(), present.columnType())) {
        differences.add(
            new ColumnDifference(
                column.name(),
                ColumnDifference.TYPE_MISMATCH,
                column.targetType(),
                present.columnType()));
      } else if (column.nullable() && !present.nullable()) {
        // the reverse (nullable where NOT NULL is expected) is how cdcflow adds columns to a
        // table that has rows, so only a target that would refuse a source NULL is a difference
        differences.add(
            new ColumnDifference(
                column.name(), ColumnDifference.NULLABILITY_MISMATCH, "null", "not null"));
      }
    }
    Set<String> expectedNames = Set.copyOf(expected.columnNames());
    actual.columns().stream()
        .filter(c -> !expectedNames.contains(c.name()))
        .forEach(
            c ->
                differences.add(
                    new ColumnDifference(c.name(), ColumnDifference.EXTRA, null, c.columnType())));
    if (!actual.primaryKey().equals(expected.keyColumns())) {
      differences.add(
          new ColumnDifference(
              String.join(",", expected.keyColumns()),
              ColumnDifference.KEY_MISMATCH,
              "primary key " + expected.keyColumns(),
              actual.primaryKey().isEmpty()
                  ? "no primary key"
                  : "primary key " + actual.primaryKey()));
    }
    return new SchemaDiff(expected.sourceTable(), expected.targetTable(), true, differences);
  }

  /**
   * Compares declarations loosely: case, spacing, MySQL integer display widths and a few spellings
   * the databases print differently are not differences.
   */
  static boolean sameType(String expected, String actual) {
    String e = normalise(expected);
    String a = normalise(actual);
    // MariaDB keeps a json column as longtext (with a json_valid check); not the other way round
    return e.equals(a) || (e.equals("json") && a.equals("longtext"));
  }

  private static String normalise(String type) {
    if (type == null) {
      return "";
    }
    // MySQL's display widths say nothing of the range (int(10) unsigned is int unsigned), and
    // year(4) is year
    String t =
        type.toLowerCase(Locale.ROOT)
            .trim()
            .replaceAll("\\s+", " ")
            .replaceAll("^(tinyint|smallint|mediumint|int|integer|bigint|year) ?\\(\\d+\\)", "$1")
            .replaceAll(" ?([(),]) ?", "$1");
    t = t.replaceAll("^integer", "int").replaceAll("^int4$", "int").replaceAll("^int8$", "bigint");
    t =
        t.replace("varchar(", "character varying(")
            .replace("timestamptz", "timestamp with time zone")
            .replaceAll(" ?without time zone", "");
    return t.equals("bool") ? "boolean" : t;
  }

  /** One difference; {@code expected} is what cdcflow would create, {@code actual} what exists. */
  public record ColumnDifference(String column, String kind, String expected, String actual) {
    public static final String MISSING = "missing";
    public static final String EXTRA = "extra";
    public static final String TYPE_MISMATCH = "type_mismatch";
    public static final String NULLABILITY_MISMATCH = "nullability_mismatch";
    public static final String KEY_MISMATCH = "key_mismatch";
  }
}
