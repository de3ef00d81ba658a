package io.cdcflow.api.pipelines;

import io.cdcflow.api.pipelines.ValidationReport.Issue;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.discovery.ColumnSchema;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL sends no value for an unchanged out-of-line (TOASTed) column of an updated row unless
 * the table's replica identity is FULL; cdcflow keeps the target's value for text, JSON and bytea,
 * but Debezium 1.9 gives an array no placeholder, so the target's array would be written NULL.
 * Validation warns about every selected table with an array column that is not {@code REPLICA
 * IDENTITY FULL}.
 */
final class ReplicaIdentityWarnings {

  static final String CODE = "toast_arrays";

  private static final String REPLICA_IDENTITY =
      """
      SELECT c.relreplident FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ? AND c.relname = ?
      """;

  private ReplicaIdentityWarnings() {}

  static List<Issue> of(PipelinePlanner.Resolution resolution) {
    if (resolution.source().type() != DatabaseType.POSTGRES) {
      return List.of();
    }
    Map<TableId, List<String>> arrays = new LinkedHashMap<>();
    for (TablePlan plan : resolution.tables()) {
      TableSchema schema = resolution.sourceSchemas().get(plan.source());
      if (schema == null) {
        continue;
      }
      List<String> names =
          schema.columns().stream()
              .filter(c -> c.category() == ColumnSchema.TypeCategory.ARRAY)
              .map(ColumnSchema::name)
              .toList();
      if (!names.isEmpty()) {
        arrays.put(plan.source(), names);
      }
    }
    if (arrays.isEmpty()) {
      return List.of();
    }
    List<Issue> warnings = new ArrayList<>();
    try (Connection c = JdbcConnector.open(resolution.source());
        PreparedStatement ps = c.prepareStatement(REPLICA_IDENTITY)) {
      for (Map.Entry<TableId, List<String>> table : arrays.entrySet()) {
        ps.setString(1, table.getKey().schema());
        ps.setString(2, table.getKey().name());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && !"f".equals(rs.getString(1))) {
            warnings.add(
                new Issue(
                    table.getKey().toString(),
                    CODE,
                    "array columns "
                        + table.getValue()
                        + " lose a large (out-of-line) value when another column of the row is"
                        + " updated (PostgreSQL does not send it, and Debezium gives an array no"
                        + " placeholder): ALTER TABLE "
                        + table.getKey()
                        + " REPLICA IDENTITY FULL"));
          }
        }
      }
    } catch (SQLException e) {
      // the prerequisites report an unreachable source already
      return List.of();
    }
    return warnings;
  }
}
