package io.cdcflow.catalog.dialect.postgres;

import io.cdcflow.catalog.discovery.SchemaIntrospector;
import io.cdcflow.catalog.discovery.TableDependencies;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TablePattern;
import io.cdcflow.catalog.discovery.TableSchema;
import io.cdcflow.catalog.discovery.TableSummary;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;

/** PLACEHOLDER: being written. */
final class PostgresIntrospector implements SchemaIntrospector {
  private final Connection connection;

  PostgresIntrospector(Connection connection) {
    this.connection = connection;
  }

  public List<String> databases() {
    throw new UnsupportedOperationException();
  }

  public List<String> schemas() {
    throw new UnsupportedOperationException();
  }

  public List<TableSummary> tables(String schema, TablePattern pattern) {
    throw new UnsupportedOperationException();
  }

  public Optional<TableSchema> table(TableId id) {
    throw new UnsupportedOperationException();
  }

  public List<TableSchema> tables(List<TableId> ids) {
    throw new UnsupportedOperationException();
  }

  public Optional<TableDependencies> dependencies(TableId id) {
    throw new UnsupportedOperationException();
  }
}
