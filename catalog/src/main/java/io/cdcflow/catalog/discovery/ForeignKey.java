package io.cdcflow.catalog.discovery;

import java.io.Serializable;
import java.util.List;

/** A foreign key: {@code columns} of {@code table} reference {@code referencedColumns}. */
public record ForeignKey(
    String name,
    TableId table,
    List<String> columns,
    TableId referencedTable,
    List<String> referencedColumns)
    implements Serializable {

  public ForeignKey {
    columns = List.copyOf(columns);
    referencedColumns = List.copyOf(referencedColumns);
  }
}
