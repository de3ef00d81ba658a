package io.cdcflow.api.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.connections.ConnectionErrors;
import io.cdcflow.api.connections.ConnectionService;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.dialect.postgres.PostgresReplication;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineDefinition;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.catalog.store.PipelineTableRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline definitions: stored as written, resolved against the live source on demand (which tables
 * the patterns select, where each goes, which key it is moved by).
 */
public final class PipelineService {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineService.class);

  private final PipelineDao pipelines;
  private final ConnectionService connections;
  private final ObjectMapper json;
  private final PipelinePlanner planner;
  private final DefinitionValidator validator = new DefinitionValidator();

  public PipelineService(
      PipelineDao pipelines,
      ConnectionService connections,
      PipelinePlanner planner,
      ObjectMapper json) {
    this.pipelines = pipelines;
    this.connections = connections;
    this.planner = planner;
    this.json = json;
  }

  public List<PipelineView> list() {
    return pipelines.list().stream().map(this::view).toList();
  }

  public PipelineView get(UUID id) {
    return view(row(id));
  }

  public UUID idOf(String idOrName) {
    try {
      return UUID.fromString(idOrName);
    } catch (IllegalArgumentException notUuid) {
      return pipelines
          .findByName(idOrName)
          .map(PipelineRow::id)
          .orElseThrow(() -> ApiProblem.notFound("pipeline", idOrName));
    }
  }

  /** Validates, checks the patterns against the live source, then stores. */
  public PipelineView create(PipelineDefinition definition) {
    Resolved resolved = check(definition);
    if (pipelines.findByName(definition.name()).isPresent()) {
      throw ApiProblem.conflict("a pipeline named '" + definition.name() + "' already exists");
    }
    UUID id = UUID.randomUUID();
    String replicationName = replicationName(definition.name(), id);
    try {
      PipelineRow row =
          pipelines.insert(
              id,
              definition.name(),
              definition.description(),
              resolved.sourceId,
              resolved.targetId,
              definition.mode().name(),
              write(definition),
              resolved.sourceType == DatabaseType.POSTGRES ? replicationName : null,
              resolved.sourceType == DatabaseType.POSTGRES ? replicationName : null);
      LOG.info("Pipeline '{}' created ({} tables selected)", row.name(), resolved.plan.size());
      return view(row);
    } catch (UnableToExecuteStatementException e) {
      if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        throw ApiProblem.conflict("a pipeline named '" + definition.name() + "' already exists");
      }
      throw e;
    }
  }

  /** Replaces the definition of a pipeline that has no job running. */
  public PipelineView update(UUID id, PipelineDefinition definition) {
    PipelineRow existing = row(id);
    if (!existing.name().equals(definition.name())) {
      throw ApiProblem.invalid(
          "name", "a pipeline cannot be renamed (it names its replication slot and job)");
    }
    if (existing.state().isActive()) {
      throw ApiProblem.conflict(
          "pipeline '"
              + existing.name()
              + "' is "
              + existing.state()
              + "; stop it before changing it");
    }
    Resolved resolved = check(definition);
    if (!resolved.sourceId.equals(existing.sourceConnectionId())
        && existing.slotName() != null
        && existing.state() != io.cdcflow.catalog.pipeline.PipelineState.CREATED) {
      throw ApiProblem.conflict(
          "pipeline '"
              + existing.name()
              + "' has streamed from its source; create a new pipeline for another source");
    }
    PipelineRow row =
        pipelines.update(
            id,
            definition.description(),
            resolved.sourceId,
            resolved.targetId,
            definition.mode().name(),
            write(definition));
    LOG.info("Pipeline '{}' updated", row.name());
    return view(row);
  }

  /** True when the stored definition already equals this one (batch apply skips it). */
  public boolean sameDefinition(UUID id, PipelineDefinition definition) {
    return definition(row(id)).equals(definition);
  }

  /**
   * Deletes the pipeline and drops the replication slot(s) and publication it owns on a PostgreSQL
   * source. Target tables and their data are kept.
   */
  public void delete(UUID id) {
    PipelineRow row = row(id);
    if (row.state().isActive()) {
      throw ApiProblem.conflict(
          "pipeline '" + row.name() + "' is " + row.state() + "; stop it first");
    }
    dropReplication(row);
    pipelines.delete(id);
    LOG.info("Pipeline '{}' deleted", row.name());
  }

  /**
   * What the patterns (or the explicit selection) select on the live source, and where each goes.
   */
  public List<TablePlan> preview(UUID id) {
    PipelineRow row = row(id);
    return plan(
        definition(row),
        row.sourceConnectionId(),
        row.targetConnectionId(),
        explicitSelection(row.id()));
  }

  /** The mapping in force: the tables recorded at the last start, or the preview before one. */
  public List<TablePlan> mapping(UUID id) {
    List<PipelineTableRow> stored = pipelines.tables(id);
    if (stored.isEmpty() || stored.stream().allMatch(PipelineTableRow::explicit)) {
      return preview(id);
    }
    return stored.stream()
        .map(
            t ->
                new TablePlan(
                    t.source(),
                    t.target(),
                    t.keyColumns(),
                    t.keyColumns().isEmpty() ? "none" : "recorded",
                    -1))
        .toList();
  }

  /**
   * What an explicit selection would select (each table must exist on the source; an empty list
   * goes back to the patterns), stored by nothing. {@link TableSelectionChange} stores it.
   */
  Selection planSelection(UUID id, List<String> tables) {
    PipelineRow row = row(id);
    List<TableId> ids = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      try {
        ids.add(TableId.parse(tables.get(i), null));
      } catch (IllegalArgumentException e) {
        throw ApiProblem.invalid("tables[" + i + "]", e.getMessage());
      }
    }
    return new Selection(
        ids, plan(definition(row), row.sourceConnectionId(), row.targetConnectionId(), ids));
  }

  /** Stores a selection; it takes effect at the next start. */
  List<TablePlan> storeSelection(UUID id, Selection selection) {
    pipelines.replaceTables(
        id,
        selection.plan().stream()
            .map(p -> new PipelineTableRow(p.source(), p.target(), p.keyColumns(), true))
            .toList());
    return selection.tables().isEmpty() ? preview(id) : selection.plan();
  }

  /** An explicit selection and where its tables go. */
  record Selection(List<TableId> tables, List<TablePlan> plan) {}

  public java.util.Optional<UUID> findId(String name) {
    return pipelines.findByName(name).map(PipelineRow::id);
  }

  /** The checks {@link #create} makes, without storing anything. */
  public void checkAgainstSources(PipelineDefinition definition) {
    check(definition);
  }

  public PipelineRow row(UUID id) {
    return pipelines.find(id).orElseThrow(() -> ApiProblem.notFound("pipeline", id));
  }

  public PipelineDefinition definition(PipelineRow row) {
    try {
      return json.readValue(row.definitionJson(), PipelineDefinition.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "stored definition of pipeline " + row.name() + " is unreadable", e);
    }
  }

  List<TableId> explicitSelection(UUID id) {
    return pipelines.tables(id).stream()
        .filter(PipelineTableRow::explicit)
        .map(PipelineTableRow::source)
        .toList();
  }

  List<TablePlan> plan(PipelineDefinition d, UUID sourceId, UUID targetId, List<TableId> explicit) {
    return planner.resolve(d, sourceId, targetId, explicit).tables();
  }

  private Resolved check(PipelineDefinition definition) {
    validator.require(definition);
    UUID sourceId = connectionId("source", definition.source());
    UUID targetId = connectionId("target", definition.target());
    DatabaseType sourceType = connections.config(sourceId).type();
    List<TablePlan> plan = plan(definition, sourceId, targetId, List.of());
    return new Resolved(sourceId, targetId, sourceType, plan);
  }

  private UUID connectionId(String field, String idOrName) {
    try {
      return connections.idOf(idOrName);
    } catch (ApiProblem notFound) {
      throw ApiProblem.invalid(field, "no connection named or with id '" + idOrName + "'");
    }
  }

  /**
   * Drops the replication slot(s) and publication the pipeline owns on a PostgreSQL source; nothing
   * to do for other sources. Fails with a 422 when the source cannot be reached.
   */
  void dropReplication(PipelineRow row) {
    if (row.slotName() == null) {
      return;
    }
    ConnectionConfig source = connections.config(row.sourceConnectionId());
    try (Connection c = JdbcConnector.open(source)) {
      PostgresReplication replication = new PostgresReplication(c);
      List<String> dropped = replication.dropSlots(row.slotName());
      replication.dropPublication(row.publicationName());
      LOG.info(
          "Pipeline '{}': dropped replication slots {} and publication {}",
          row.name(),
          dropped,
          row.publicationName());
    } catch (SQLException e) {
      throw ApiProblem.databaseUnavailable(
          "cannot drop the replication slot "
              + row.slotName()
              + " on the source ("
              + ConnectionErrors.describe(e, source)
              + "); nothing was deleted, retry when the source is reachable");
    }
  }

  private String write(PipelineDefinition definition) {
    try {
      return json.writeValueAsString(definition);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private PipelineView view(PipelineRow row) {
    return PipelineView.of(
        row,
        definition(row),
        connections.get(row.sourceConnectionId()).name(),
        connections.get(row.targetConnectionId()).name());
  }

  /** Slot and publication names: PostgreSQL identifiers, unique per pipeline, readable. */
  static String replicationName(String pipelineName, UUID id) {
    String base = pipelineName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (base.length() > 40) {
      base = base.substring(0, 40);
    }
    return "cdcflow_" + base + "_" + id.toString().substring(0, 8);
  }

  private record Resolved(
      UUID sourceId, UUID targetId, DatabaseType sourceType, List<TablePlan> plan) {}
}
