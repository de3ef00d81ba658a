package io.cdcflow.jobs.spec;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.dialect.ColumnDefinition;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.dialect.TableDefinition;
import io.cdcflow.catalog.dialect.TypeMapper;
import io.cdcflow.catalog.dialect.UnsupportedTypeException;
import io.cdcflow.catalog.discovery.ColumnSchema;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TableSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One table a pipeline copies: where from, where to, its columns in source order and the key its
 * rows are identified by (the primary key, or columns chosen for a table without one).
 */
public record TableSpec(
    TableId sourceTable, TableId targetTable, List<ColumnSpec> columns, List<String> keyColumns)
    implements Serializable {

  public TableSpec {
    columns = columns == null ? List.of() : List.copyOf(columns);
    keyColumns = keyColumns == null ? List.of() : List.copyOf(keyColumns);
  }

  /**
   * The table entry for a discovered source table, keyed by its primary key, with target types from
   * the target dialect's type mapper.
   *
   * @throws IllegalArgumentException when the table has no primary key or a column's type has no
   *     mapping (the message names the column)
   */
  public static TableSpec fromSchema(
      TableSchema schema, TableId targetTable, DatabaseType sourceType, DatabaseType targetType) {
    if (!schema.hasPrimaryKey()) {
      throw new IllegalArgumentException(
          "table " + schema.id() + " has no primary key: choose key columns for it");
    }
    return fromSchema(schema, targetTable, sourceType, targetType, schema.primaryKey());
  }

  /** As {@link #fromSchema(TableSchema, TableId, DatabaseType, DatabaseType)} with chosen keys. */
  public static TableSpec fromSchema(
      TableSchema schema,
      TableId targetTable,
      DatabaseType sourceType,
      DatabaseType targetType,
      List<String> keyColumns) {
    TypeMapper mapper = Dialect.of(targetType).typeMapper();
    List<ColumnSpec> columns = new ArrayList<>();
    List<UnsupportedTypeException> refused = new ArrayList<>();
    for (ColumnSchema c : schema.columns()) {
      boolean key = keyColumns.contains(c.name());
      String declared = c.columnType() != null ? c.columnType() : c.dataType();
      String type;
      try {
        type = mapper.targetType(sourceType, c, key);
      } catch (UnsupportedTypeException e) {
        refused.add(e); // every one named at once, not one fix at a time
        continue;
      }
      columns.add(
          new ColumnSpec(
              c.name(), declared, c.category(), type, c.nullable() && !key, c.position()));
    }
    if (refused.size() == 1) {
      throw refused.get(0);
    }
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException(
          refused.size()
              + " columns cannot be copied: "
              + String.join("; ", refused.stream().map(Throwable::getMessage).toList()));
    }
    return new TableSpec(schema.id(), targetTable, columns, keyColumns);
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  /** Position of the column, or -1. */
  public int columnIndex(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Positions of the key columns among {@link #columns()}, in key order. */
  public int[] keyIndexes() {
    return keyColumns.stream().mapToInt(this::columnIndex).toArray();
  }

  /** The target table as the DDL creates it. */
  public TableDefinition targetDefinition() {
    return new TableDefinition(
        targetTable,
        columns.stream()
            .map(c -> new ColumnDefinition(c.name(), c.targetType(), c.nullable()))
            .toList(),
        keyColumns);
  }
}
