package io.cdcflow.catalog.dialect;

import io.cdcflow.catalog.discovery.TableId;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/** A table cdcflow creates on a target: columns in order and the primary key. */
public record TableDefinition(TableId id, List<ColumnDefinition> columns, List<String> primaryKey)
    implements Serializable {

  public TableDefinition {
    Objects.requireNonNull(id, "id");
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
  }
}
