package io.cdcflow.jobs;

import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.dialect.TableDefinition;
import io.cdcflow.catalog.dialect.TargetTables;
import io.cdcflow.jobs.source.SourcePreflight;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.PipelineSpecValidator;
import io.cdcflow.jobs.spec.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that happens before a pipeline's job is built, in the order a failure is cheapest:
 * validate the spec, check the source (tables, privileges, CDC prerequisites) and make its
 * publication, then create the target's missing schemas, tables and columns.
 */
public final class PipelineSetup {

  private PipelineSetup() {}

  /** Returns the spec the job runs (with server-side facts such as the time zone filled in). */
  public static PipelineSpec prepare(PipelineSpec spec) {
    PipelineSpecValidator.validate(spec);
    PipelineSpec prepared = SourcePreflight.prepare(spec);
    createTargetTables(prepared);
    return prepared;
  }

  /** Creates the target's missing schemas, tables and columns; what it did, one line each. */
  public static List<String> createTargetTables(PipelineSpec spec) {
    try (Connection c = JdbcConnector.open(spec.target())) {
      return createTargetTables(c, spec);
    } catch (SQLException e) {
      throw new PipelineSetupException(
          "cannot create the target tables on " + spec.target() + ": " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #createTargetTables(PipelineSpec)}, on the given target connection. A table the job
   * resumes reading the log of gets no columns added: one its spec has and the target lacks was
   * renamed or dropped there when the job followed the source, which the log will say again.
   */
  public static List<String> createTargetTables(Connection target, PipelineSpec spec)
      throws SQLException {
    TargetTables tables = new TargetTables(Dialect.of(spec.target().type()));
    List<TableDefinition> resumed = new ArrayList<>();
    List<TableDefinition> others = new ArrayList<>();
    for (TableSpec t : spec.tables()) {
      (spec.copiedTables().contains(t.sourceTable()) ? resumed : others).add(t.targetDefinition());
    }
    List<String> actions = new ArrayList<>(tables.ensureTables(target, resumed));
    actions.addAll(tables.ensure(target, others));
    return actions;
  }
}
