package io.cdcflow.api.discovery;

import io.cdcflow.api.connections.ConnectionErrors;
import io.cdcflow.api.connections.ConnectionService;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.discovery.SchemaIntrospector;
import io.cdcflow.catalog.discovery.TableDependencies;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TablePattern;
import io.cdcflow.catalog.discovery.TableSchema;
import io.cdcflow.catalog.discovery.TableSummary;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Answers "what does this database hold" for a stored connection, live, through its dialect. */
public final class DiscoveryService {

  private final ConnectionService connections;

  public DiscoveryService(ConnectionService connections) {
    this.connections = connections;
  }

  public List<String> databases(UUID connectionId) {
    return withIntrospector(connectionId, SchemaIntrospector::databases);
  }

  public List<String> schemas(UUID connectionId) {
    return withIntrospector(connectionId, SchemaIntrospector::schemas);
  }

  public List<TableSummary> tables(UUID connectionId, String schema, String namePattern) {
    TablePattern pattern =
        namePattern == null || namePattern.isBlank() ? null : TablePattern.forName(namePattern);
    return withIntrospector(connectionId, i -> i.tables(blankToNull(schema), pattern));
  }

  public TableSchema table(UUID connectionId, String name, String schema) {
    TableId id = tableId(connectionId, name, schema);
    return withIntrospector(connectionId, i -> i.table(id))
        .orElseThrow(() -> ApiProblem.notFound("table", id));
  }

  public TableDependencies dependencies(UUID connectionId, String name, String schema) {
    TableId id = tableId(connectionId, name, schema);
    return withIntrospector(connectionId, i -> i.dependencies(id))
        .orElseThrow(() -> ApiProblem.notFound("table", id));
  }

  public SizeEstimate sizeEstimate(UUID connectionId, String schema, String namePattern) {
    List<TableSummary> tables = tables(connectionId, schema, namePattern);
    long rows = tables.stream().mapToLong(t -> Math.max(0, t.estimatedRows())).sum();
    long bytes = tables.stream().mapToLong(TableSummary::sizeBytes).sum();
    return new SizeEstimate(tables, tables.size(), rows, bytes);
  }

  /** The whole tree of the connected database: every schema with every table's definition. */
  public DatabaseTree discover(UUID connectionId, String schema) {
    ConnectionConfig config = connections.config(connectionId);
    return withIntrospector(
        connectionId,
        i -> {
          List<TableSummary> summaries = i.tables(blankToNull(schema), null);
          Map<TableId, TableSchema> definitions = new LinkedHashMap<>();
          for (TableSchema t : i.tables(summaries.stream().map(TableSummary::id).toList())) {
            definitions.put(t.id(), t);
          }
          Map<String, List<DatabaseTree.TableNode>> bySchema = new LinkedHashMap<>();
          List<String> schemas = schema == null || schema.isBlank() ? i.schemas() : List.of(schema);
          schemas.forEach(s -> bySchema.put(s, new ArrayList<>()));
          for (TableSummary summary : summaries) {
            bySchema
                .computeIfAbsent(summary.id().schema(), s -> new ArrayList<>())
                .add(new DatabaseTree.TableNode(summary, definitions.get(summary.id())));
          }
          List<DatabaseTree.SchemaNode> nodes =
              bySchema.entrySet().stream()
                  .map(e -> new DatabaseTree.SchemaNode(e.getKey(), e.getValue()))
                  .toList();
          return new DatabaseTree(config.database(), config.type(), nodes);
        });
  }

  private TableId tableId(UUID connectionId, String name, String schema) {
    if (schema != null && !schema.isBlank()) {
      return new TableId(schema, name);
    }
    ConnectionConfig config = connections.config(connectionId);
    String defaultSchema = config.type() == DatabaseType.POSTGRES ? "public" : config.database();
    try {
      return TableId.parse(name, defaultSchema);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalid("name", e.getMessage());
    }
  }

  private <T> T withIntrospector(UUID connectionId, IntrospectorCall<T> call) {
    ConnectionConfig config = connections.config(connectionId);
    try (Connection connection = JdbcConnector.open(config)) {
      return call.apply(Dialect.of(config.type()).introspector(connection));
    } catch (SQLException e) {
      throw ApiProblem.databaseUnavailable(ConnectionErrors.describe(e, config));
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  @FunctionalInterface
  private interface IntrospectorCall<T> {
    T apply(SchemaIntrospector introspector) throws SQLException;
  }

  /** Per-table figures and their totals, from the database's statistics. */
  public record SizeEstimate(
      List<TableSummary> tables, int tableCount, long totalEstimatedRows, long totalSizeBytes) {}

  /** Schemas with their tables, each with its summary and definition. */
  public record DatabaseTree(String database, DatabaseType type, List<SchemaNode> schemas) {

    public record SchemaNode(String name, List<TableNode> tables) {}

    public record TableNode(TableSummary summary, TableSchema definition) {}
  }
}
