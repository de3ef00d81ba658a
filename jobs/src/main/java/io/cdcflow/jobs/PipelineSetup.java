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
    List<TableDefinition> tables = spec.tables().stream().map(TableSpec::targetDefinition).toList();
    try (Connection c = JdbcConnector.open(spec.target())) {
      return new TargetTables(Dialect.of(spec.target().type())).ensure(c, tables);
    } catch (SQLException e) {
      throw new PipelineSetupException(
          "cannot create the target tables on " + spec.target() + ": " + e.getMessage(), e);
    }
  }
}
