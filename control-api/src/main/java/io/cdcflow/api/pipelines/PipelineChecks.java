package io.cdcflow.api.pipelines;

import io.cdcflow.api.connections.ConnectionErrors;
import io.cdcflow.api.pipelines.ValidationReport.Issue;
import io.cdcflow.api.pipelines.ValidationReport.TableReport;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.connection.PrerequisiteCheck;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.dialect.TargetTables;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TableSchema;
import io.cdcflow.catalog.pipeline.PipelineDefinition;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.jobs.PipelineSetup;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.PipelineSpecValidator;
import io.cdcflow.jobs.spec.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything a pipeline is checked for before it runs, and the compile to a PipelineSpec: the
 * validate report, the schema diff, creating the target schema, and the spec a start submits.
 */
public final class PipelineChecks {

  private final PipelineService pipelines;
  private final PipelinePlanner planner;
  private final SpecCompiler compiler = new SpecCompiler();

  public PipelineChecks(PipelineService pipelines, PipelinePlanner planner) {
    this.pipelines = pipelines;
    this.planner = planner;
  }

  public ValidationReport validate(UUID id) {
    PipelineRow row = pipelines.row(id);
    PipelineDefinition definition = pipelines.definition(row);
    PipelinePlanner.Resolution resolution =
        planner.resolve(
            definition,
            row.sourceConnectionId(),
            row.targetConnectionId(),
            pipelines.explicitSelection(id));
    List<Issue> errors = new ArrayList<>();
    List<Issue> warnings = new ArrayList<>();

    List<PrerequisiteCheck> sourceChecks = prerequisites(resolution.source());
    sourceChecks.stream()
        .filter(c -> !c.passed())
        .forEach(c -> errors.add(new Issue(null, "source_" + c.name(), c.detail())));
    List<PrerequisiteCheck> targetChecks = new ArrayList<>();
    Map<TableId, TableSchema> existing = Map.of();
    try {
      existing = planner.existingTargets(resolution);
      targetChecks.add(PrerequisiteCheck.pass("reachable", "connected to " + resolution.target()));
    } catch (ApiProblem unreachable) {
      targetChecks.add(PrerequisiteCheck.fail("reachable", unreachable.getMessage()));
      errors.add(new Issue(null, "target_unreachable", unreachable.getMessage()));
    }

    List<TableReport> tables = new ArrayList<>();
    for (TablePlan plan : resolution.tables()) {
      String table = plan.source().toString();
      if (plan.keyColumns().isEmpty()) {
        errors.add(
            new Issue(
                table,
                "no_key",
                "table has no primary key; choose key columns in tables.key_columns"));
        tables.add(
            new TableReport(
                plan.source(),
                plan.target(),
                plan.keyColumns(),
                plan.keySource(),
                "incompatible",
                List.of()));
        continue;
      }
      List<String> nameProblems = nameProblems(resolution, plan);
      if (!nameProblems.isEmpty()) {
        nameProblems.forEach(p -> errors.add(new Issue(table, "invalid_name", p)));
        tables.add(
            new TableReport(
                plan.source(),
                plan.target(),
                plan.keyColumns(),
                plan.keySource(),
                "incompatible",
                List.of()));
        continue;
      }
      TableSpec spec;
      try {
        spec = compileTable(resolution, plan);
      } catch (IllegalArgumentException e) {
        errors.add(new Issue(table, "unsupported", e.getMessage()));
        tables.add(
            new TableReport(
                plan.source(),
                plan.target(),
                plan.keyColumns(),
                plan.keySource(),
                "incompatible",
                List.of()));
        continue;
      }
      SchemaDiff diff = SchemaDiff.of(spec, existing.get(plan.target()));
      String status;
      if (!diff.targetExists()) {
        status = definition.autoCreateTarget() ? "will_be_created" : "missing";
        if (!definition.autoCreateTarget()) {
          errors.add(
              new Issue(
                  table,
                  "target_missing",
                  "target table "
                      + plan.target()
                      + " does not exist and auto_create_target is off"));
        }
      } else if (diff.incompatible()) {
        status = "incompatible";
        errors.add(
            new Issue(
                table,
                "key_mismatch",
                "target table " + plan.target() + " is not keyed by " + plan.keyColumns()));
      } else {
        status = "exists";
      }
      for (SchemaDiff.ColumnDifference d : diff.differences()) {
        switch (d.kind()) {
          case "missing" ->
              warnings.add(
                  new Issue(
                      table,
                      "column_missing",
                      "target lacks column "
                          + d.column()
                          + "; it will be added as "
                          + d.expected()));
          case "type_mismatch" ->
              warnings.add(
                  new Issue(
                      table,
                      "type_mismatch",
                      "column "
                          + d.column()
                          + " is "
                          + d.actual()
                          + " on the target, "
                          + d.expected()
                          + " expected"));
          case "nullability_mismatch" ->
              warnings.add(
                  new Issue(
                      table,
                      "nullability_mismatch",
                      "target column "
                          + d.column()
                          + " is NOT NULL but the source allows NULL; such rows will fail"));
          case "extra" ->
              warnings.add(
                  new Issue(
                      table,
                      "column_extra",
                      "target column "
                          + d.column()
                          + " is not in the source; it will be left NULL/default"));
          default -> {}
        }
      }
      tables.add(
          new TableReport(
              plan.source(),
              plan.target(),
              plan.keyColumns(),
              plan.keySource(),
              status,
              diff.differences()));
    }
    warnings.addAll(CascadeWarnings.of(resolution));
    warnings.addAll(ReplicaIdentityWarnings.of(resolution));
    return new ValidationReport(
        errors.isEmpty(), errors, warnings, tables, sourceChecks, targetChecks);
  }

  public List<SchemaDiff> diff(UUID id) {
    return compareWithTarget(id).tables().stream().map(ComparedTable::diff).toList();
  }

  /**
   * Every table of the pipeline compiled against the live source schema, next to its target table
   * as it is now and the difference between the two. Fails with a 4xx when a table cannot be
   * compiled and a 422 when the source or target cannot be reached.
   */
  public Comparison compareWithTarget(UUID id) {
    PipelineRow row = pipelines.row(id);
    PipelinePlanner.Resolution resolution = resolve(row);
    Map<TableId, TableSchema> existing = planner.existingTargets(resolution);
    List<ComparedTable> tables = new ArrayList<>();
    for (TablePlan plan : resolution.tables()) {
      TableSpec spec = compileTableOr400(resolution, plan);
      TableSchema target = existing.get(plan.target());
      tables.add(
          new ComparedTable(
              plan,
              spec,
              resolution.sourceSchemas().get(plan.source()),
              target,
              SchemaDiff.of(spec, target)));
    }
    return new Comparison(row.name(), row.mode(), resolution.source(), resolution.target(), tables);
  }

  /** The pipeline's tables next to their targets, and the two databases they live in. */
  public record Comparison(
      String pipeline,
      PipelineMode mode,
      ConnectionConfig source,
      ConnectionConfig target,
      List<ComparedTable> tables) {

    public Comparison {
      tables = List.copyOf(tables);
    }
  }

  /**
   * One table of a pipeline: its plan, the spec compiled from the source schema, the source and
   * target definitions ({@code target} null when the target table does not exist) and their diff.
   */
  public record ComparedTable(
      TablePlan plan, TableSpec spec, TableSchema source, TableSchema target, SchemaDiff diff) {}

  /**
   * Creates the missing target schemas, tables and columns now; running it again changes nothing.
   */
  public List<String> createTargetSchema(UUID id) {
    return createTargetSchema(compile(id));
  }

  /** Creates the spec's missing target schemas, tables and columns. */
  List<String> createTargetSchema(PipelineSpec spec) {
    ConnectionConfig target = spec.target();
    try (Connection c = JdbcConnector.open(target)) {
      return PipelineSetup.createTargetTables(c, spec);
    } catch (SQLException e) {
      throw ApiProblem.databaseUnavailable(
          "target: " + ConnectionErrors.describe(e, target) + " (" + e.getMessage() + ")");
    }
  }

  /** Drops the target tables a deleted pipeline wrote (only when the user asked for it). */
  void dropTargetTables(PipelineRow row, List<TableSpec> tables) {
    ConnectionConfig target = tables.isEmpty() ? null : checksTarget(row);
    if (target == null) {
      return;
    }
    Dialect dialect = Dialect.of(target.type());
    try (Connection c = JdbcConnector.open(target);
        java.sql.Statement st = c.createStatement()) {
      for (TableSpec t : tables) {
        st.execute("DROP TABLE IF EXISTS " + dialect.quote(t.targetTable()));
      }
    } catch (SQLException e) {
      throw ApiProblem.databaseUnavailable("target: " + ConnectionErrors.describe(e, target));
    }
  }

  /** Empties the target tables that exist, for a copy that starts over; returns those emptied. */
  List<TableId> emptyTargetTables(PipelineRow row, List<TableSpec> tables) {
    ConnectionConfig target = checksTarget(row);
    List<TableId> targets = tables.stream().map(TableSpec::targetTable).toList();
    try (Connection c = JdbcConnector.open(target)) {
      try {
        return new TargetTables(Dialect.of(target.type())).empty(c, targets);
      } catch (SQLException e) {
        throw ApiProblem.conflict("the target tables could not be emptied: " + e.getMessage());
      }
    } catch (SQLException e) {
      throw ApiProblem.databaseUnavailable("target: " + ConnectionErrors.describe(e, target));
    }
  }

  private ConnectionConfig checksTarget(PipelineRow row) {
    return planner.target(row.targetConnectionId());
  }

  /** The spec a start submits; fails with a 4xx naming the first table that cannot be compiled. */
  public PipelineSpec compile(UUID id) {
    PipelineRow row = pipelines.row(id);
    PipelinePlanner.Resolution resolution = resolve(row);
    for (TablePlan plan : resolution.tables()) {
      if (plan.keyColumns().isEmpty()) {
        throw ApiProblem.invalid(
            "tables.key_columns",
            "table " + plan.source() + " has no primary key; choose key columns for it");
      }
      List<String> nameProblems = nameProblems(resolution, plan);
      if (!nameProblems.isEmpty()) {
        throw ApiProblem.invalid(
            nameProblems.stream()
                .map(p -> new ApiProblem.FieldError("tables", plan.source() + ": " + p))
                .toList());
      }
      compileTableOr400(resolution, plan);
    }
    return compiler.compile(
        row,
        pipelines.definition(row),
        resolution.tables(),
        resolution.sourceSchemas(),
        resolution.source(),
        resolution.target());
  }

  private PipelinePlanner.Resolution resolve(PipelineRow row) {
    return planner.resolve(
        pipelines.definition(row),
        row.sourceConnectionId(),
        row.targetConnectionId(),
        pipelines.explicitSelection(row.id()));
  }

  /**
   * Names that cannot be used: a source table the CDC source cannot capture, a target name the
   * mapping rules made too long or otherwise invalid for the target database, a column name the
   * target cannot hold. Everything that passes is still quoted by the dialect wherever it is used.
   */
  private static List<String> nameProblems(PipelinePlanner.Resolution resolution, TablePlan plan) {
    List<String> problems = new ArrayList<>();
    PipelineSpecValidator.captureProblem(plan.source()).ifPresent(problems::add);
    Dialect target = Dialect.of(resolution.target().type());
    target
        .identifierProblem(plan.target().schema())
        .ifPresent(
            p ->
                problems.add("mapping gives target schema '" + plan.target().schema() + "': " + p));
    target
        .identifierProblem(plan.target().name())
        .ifPresent(
            p -> problems.add("mapping gives target table '" + plan.target().name() + "': " + p));
    TableSchema source = resolution.sourceSchemas().get(plan.source());
    if (source != null) {
      source
          .columns()
          .forEach(
              c ->
                  target
                      .identifierProblem(c.name())
                      .ifPresent(
                          p -> problems.add("column '" + c.name() + "' on the target: " + p)));
    }
    return problems;
  }

  private static TableSpec compileTable(PipelinePlanner.Resolution resolution, TablePlan plan) {
    return TableSpec.fromSchema(
        resolution.sourceSchemas().get(plan.source()),
        plan.target(),
        resolution.source().type(),
        resolution.target().type(),
        plan.keyColumns());
  }

  private static TableSpec compileTableOr400(
      PipelinePlanner.Resolution resolution, TablePlan plan) {
    try {
      return compileTable(resolution, plan);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalid("tables", plan.source() + ": " + e.getMessage());
    }
  }

  private static List<PrerequisiteCheck> prerequisites(ConnectionConfig config) {
    try (Connection c = JdbcConnector.open(config)) {
      return Dialect.of(config.type()).checkPrerequisites(c, config);
    } catch (SQLException e) {
      return List.of(PrerequisiteCheck.fail("reachable", ConnectionErrors.describe(e, config)));
    }
  }
}
