package io.cdcflow.catalog.discovery;

import java.util.List;

/** The foreign keys a table declares and those of other tables that point at it. */
public record TableDependencies(
    TableId table, List<ForeignKey> references, List<ForeignKey> referencedBy) {

  public TableDependencies {
    references = List.copyOf(references);
    referencedBy = List.copyOf(referencedBy);
  }
}
