package io.cdcflow.catalog.discovery;

/**
 * A partition of a partitioned table, which can be selected on its own.
 *
 * @param root the partitioned table at the top of the partition tree
 */
public record Partition(TableSummary table, TableId root) {}
