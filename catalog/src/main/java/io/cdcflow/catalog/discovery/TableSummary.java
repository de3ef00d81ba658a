package io.cdcflow.catalog.discovery;

/**
 * A table as listed by discovery: cheap figures from the database's statistics, not counts.
 *
 * @param estimatedRows the planner's estimate (PostgreSQL reltuples, MySQL TABLE_ROWS), -1 if never
 *     analysed
 */
public record TableSummary(TableId id, long estimatedRows, long sizeBytes, boolean hasPrimaryKey) {}
