package io.cdcflow.catalog.discovery;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/** A table's full definition: columns in order, keys and the foreign keys it declares. */
public record TableSchema(
    TableId id,
    List<ColumnSchema> columns,
    List<String> primaryKey,
    List<UniqueKey> uniqueKeys,
    List<ForeignKey> foreignKeys)
    implements Serializable {

  public TableSchema {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    uniqueKeys = uniqueKeys == null ? List.of() : List.copyOf(uniqueKeys);
    foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
  }

  public boolean hasPrimaryKey() {
    return !primaryKey.isEmpty();
  }

  public Optional<ColumnSchema> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
