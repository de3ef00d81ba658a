package io.cdcflow.api.pipelines;

import io.cdcflow.api.connections.ConnectionErrors;
import io.cdcflow.api.connections.ConnectionService;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.discovery.Partition;
import io.cdcflow.catalog.discovery.SchemaIntrospector;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TableSchema;
import io.cdcflow.catalog.discovery.TableSummary;
import io.cdcflow.catalog.pipeline.PipelineDefinition;
import io.cdcflow.catalog.pipeline.TableMapper;
import io.cdcflow.catalog.pipeline.TableSelector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Resolves a definition against the live databases: which source tables it selects, their full
 * definitions, where each goes, and what already exists on the target. Every database question a
 * pipeline asks before its job starts goes through here.
 */
public final class PipelinePlanner {

  private final ConnectionService connections;

  public PipelinePlanner(ConnectionService connections) {
    this.connections = connections;
  }

  /**
   * The tables the definition selects (or the explicit selection), with target names and keys.
   * Fails with a 4xx when nothing matches, an explicit table is missing, or the source is down.
   */
  public Resolution resolve(
      PipelineDefinition d, UUID sourceId, UUID targetId, List<TableId> explicit) {
    ConnectionConfig source = connections.config(sourceId);
    ConnectionConfig target = connections.config(targetId);
    TableMapper mapper = new TableMapper(d.mapping(), target.type(), target.database());
    try (Connection c = JdbcConnector.open(source)) {
      SchemaIntrospector introspector = Dialect.of(source.type()).introspector(c);
      Map<TableId, TableSummary> available = new TreeMap<>();
      introspector.tables(null, null).forEach(t -> available.put(t.id(), t));
      TableSelector selector = new TableSelector(d.tables());
      // a listing shows a partitioned table once, as its root; a partition named exactly is taken
      Map<TableId, List<TableId>> ancestors = new LinkedHashMap<>();
      List<TableId> unlisted =
          (explicit.isEmpty() ? selector.namedTables() : explicit)
              .stream().filter(t -> !available.containsKey(t)).toList();
      for (Partition p : introspector.partitions(unlisted)) {
        available.put(p.table().id(), p.table());
        ancestors.put(p.table().id(), p.ancestors());
      }
      List<TableId> selected;
      if (explicit.isEmpty()) {
        selected = selector.select(available.keySet());
        if (selected.isEmpty()) {
          throw ApiProblem.invalid(
              "tables.include",
              "the patterns "
                  + d.tables().include()
                  + " match no table on the source (after excludes)");
        }
      } else {
        List<String> missing =
            explicit.stream()
                .filter(t -> !available.containsKey(t))
                .map(TableId::toString)
                .toList();
        if (!missing.isEmpty()) {
          throw ApiProblem.invalid("tables", "not on the source: " + missing);
        }
        selected = explicit;
      }
      refuseAPartitionWithItsAncestor(
          selected, ancestors, explicit.isEmpty() ? "tables.include" : "tables");
      List<TablePlan> plans = new ArrayList<>();
      Map<TableId, TableSchema> schemas = new LinkedHashMap<>();
      for (TableSchema schema : introspector.tables(selected)) {
        schemas.put(schema.id(), schema);
        List<String> chosen = d.tables().keyColumns().get(schema.id().toString());
        List<String> key =
            schema.hasPrimaryKey() ? schema.primaryKey() : chosen != null ? chosen : List.of();
        String keySource =
            schema.hasPrimaryKey() ? "primary_key" : chosen != null ? "chosen" : "none";
        plans.add(
            new TablePlan(
                schema.id(),
                mapper.targetOf(schema.id()),
                key,
                keySource,
                available.get(schema.id()).estimatedRows()));
      }
      return new Resolution(plans, schemas, source, target);
    } catch (SQLException e) {
      throw ApiProblem.databaseUnavailable("source: " + ConnectionErrors.describe(e, source));
    }
  }

  /**
   * PostgreSQL publishes a partition's changes as those of its topmost ancestor in the publication:
   * with both selected, the partition's own copy would never see a change.
   */
  private static void refuseAPartitionWithItsAncestor(
      List<TableId> selected, Map<TableId, List<TableId>> ancestors, String field) {
    List<String> both = new ArrayList<>();
    ancestors.forEach(
        (partition, above) ->
            above.stream()
                .filter(a -> selected.contains(partition) && selected.contains(a))
                .findFirst()
                .ifPresent(a -> both.add(partition + " (a partition of " + a + ")")));
    if (!both.isEmpty()) {
      throw ApiProblem.invalid(
          field,
          "select a partitioned table or some of its partitions, not both: "
              + String.join(", ", both)
              + " is selected with its partitioned table");
    }
  }

  ConnectionConfig target(UUID targetId) {
    return connections.config(targetId);
  }

  /** Definitions of the planned target tables that already exist on the target. */
  public Map<TableId, TableSchema> existingTargets(Resolution resolution) {
    ConnectionConfig target = resolution.target();
    try (Connection c = JdbcConnector.open(target)) {
      Map<TableId, TableSchema> existing = new LinkedHashMap<>();
      Dialect.of(target.type())
          .introspector(c)
          .tables(resolution.tables().stream().map(TablePlan::target).toList())
          .forEach(t -> existing.put(t.id(), t));
      return existing;
    } catch (SQLException e) {
      throw ApiProblem.databaseUnavailable("target: " + ConnectionErrors.describe(e, target));
    }
  }

  /** The selection and everything discovered about it. */
  public record Resolution(
      List<TablePlan> tables,
      Map<TableId, TableSchema> sourceSchemas,
      ConnectionConfig source,
      ConnectionConfig target) {}
}
