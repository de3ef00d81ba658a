package io.cdcflow.catalog.discovery;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Reads what one database holds through its catalog views. One implementation per dialect, made by
 * {@link io.cdcflow.catalog.dialect.Dialect#introspector}, bound to an open connection.
 */
public interface SchemaIntrospector {

  /** Databases on the server the connection can see (PostgreSQL: pg_database; MySQL: schemas). */
  List<String> databases() throws SQLException;

  /** Schemas of the connected database, system schemas left out. MySQL: same as databases. */
  List<String> schemas() throws SQLException;

  /**
   * Tables (base tables, partitioned parents; no views), ordered by schema and name.
   *
   * @param schema only this schema, or all user schemas when null
   * @param pattern a name filter where {@code *} matches any run of characters, or null
   */
  List<TableSummary> tables(String schema, TablePattern pattern) throws SQLException;

  /**
   * Those of {@code ids} that are partitions, which {@link #tables(String, TablePattern)} leaves
   * out (a listing shows a partitioned table once, as its root). Empty where the database has no
   * partitions that are tables of their own (MySQL).
   */
  default List<Partition> partitions(List<TableId> ids) throws SQLException {
    return List.of();
  }

  /** The table's definition, or empty when it does not exist. */
  Optional<TableSchema> table(TableId id) throws SQLException;

  /** Definitions of many tables at once (one round of catalog queries, not one per table). */
  List<TableSchema> tables(List<TableId> ids) throws SQLException;

  /** Empty when the table does not exist. */
  Optional<TableDependencies> dependencies(TableId id) throws SQLException;
}
