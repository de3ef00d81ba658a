package io.cdcflow.api.pipelines;

import io.cdcflow.api.pipelines.ValidationReport.Issue;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.discovery.ForeignKey;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MySQL/MariaDB write the rows a foreign key's {@code ON UPDATE}/{@code ON DELETE CASCADE} (or
 * {@code SET NULL}) changes to no binlog: the pipeline never sees those changes, so the target's
 * referencing rows keep what the source changed. Validation says so for every such key of a
 * selected table (PostgreSQL logs cascaded changes like any other).
 */
final class CascadeWarnings {

  static final String CODE = "cascade_not_logged";

  private CascadeWarnings() {}

  static List<Issue> of(PipelinePlanner.Resolution resolution) {
    if (resolution.source().type() != DatabaseType.MYSQL) {
      return List.of();
    }
    Set<TableId> selected =
        resolution.tables().stream().map(TablePlan::source).collect(Collectors.toSet());
    List<Issue> warnings = new ArrayList<>();
    for (TableId table : selected) {
      TableSchema schema = resolution.sourceSchemas().get(table);
      if (schema == null) {
        continue;
      }
      for (ForeignKey fk : schema.foreignKeys()) {
        // whether or not the referenced table is selected: its changes reach this one unlogged
        if (fk.changesRows()) {
          warnings.add(new Issue(table.toString(), CODE, message(fk)));
        }
      }
    }
    return warnings;
  }

  private static String message(ForeignKey fk) {
    List<String> rules = new ArrayList<>();
    if (fk.onUpdate() != null) {
      rules.add("ON UPDATE " + fk.onUpdate());
    }
    if (fk.onDelete() != null) {
      rules.add("ON DELETE " + fk.onDelete());
    }
    return "foreign key "
        + fk.name()
        + " "
        + fk.columns()
        + " → "
        + fk.referencedTable()
        + " has "
        + String.join(" and ", rules)
        + ": MySQL/MariaDB do not write the rows it changes to the binlog, so the target's "
        + fk.table()
        + " keeps them as they were; the continuous verifier finds them and"
        + " POST /api/pipelines/{id}/repair copies them again";
  }
}
