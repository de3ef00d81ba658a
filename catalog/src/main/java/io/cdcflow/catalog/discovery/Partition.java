package io.cdcflow.catalog.discovery;

import java.util.List;

/**
 * A partition of a partitioned table, which can be selected on its own.
 *
 * @param ancestors the partitioned tables above it, its parent first and the root last
 */
public record Partition(TableSummary table, List<TableId> ancestors) {

  public Partition {
    if (ancestors.isEmpty()) {
      throw new IllegalArgumentException("a partition has a parent");
    }
    ancestors = List.copyOf(ancestors);
  }

  /** The partitioned table at the top of its tree. */
  public TableId root() {
    return ancestors.get(ancestors.size() - 1);
  }
}
