package io.cdcflow.jobs.spec;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineMode;
import java.io.Serializable;
import java.util.List;

/**
 * A pipeline compiled for its job: connection details, mode, every table fully resolved, options.
 * The job reads nothing else. Immutable; {@link #toString()} never shows passwords ({@link
 * ConnectionConfig} hides them). Read and write it with {@link PipelineSpecJson}.
 *
 * @param id stable pipeline id (slot, publication and server ids derive from it)
 * @param name readable name, part of the Flink job name
 * @param copiedTables source tables whose rows the target already holds from an earlier run of a
 *     streaming pipeline: a COPY that starts afresh (the selection changed while the pipeline was
 *     stopped) skips them, and the log brings them up to date
 * @param addedTables source tables added to a pipeline that already read its log: the copy before
 *     the log skips them, and the job copies them while the log goes on (the resnapshot operator)
 * @param sourceStateId the uid under which the restored savepoint holds the state of a source that
 *     already reads the log (that state is the log's position alone, whatever the tables); null:
 *     derived from the tables ({@code SourceTranslator.stateId})
 */
public record PipelineSpec(
    String id,
    String name,
    PipelineMode mode,
    ConnectionConfig source,
    ConnectionConfig target,
    List<TableSpec> tables,
    PipelineOptions options,
    List<TableId> copiedTables,
    List<TableId> addedTables,
    String sourceStateId)
    implements Serializable {

  public PipelineSpec {
    tables = tables == null ? List.of() : List.copyOf(tables);
    options = (options == null ? PipelineOptions.defaults() : options).resolvedFor(id);
    copiedTables = copiedTables == null ? List.of() : List.copyOf(copiedTables);
    addedTables = addedTables == null ? List.of() : List.copyOf(addedTables);
  }

  public PipelineSpec(
      String id,
      String name,
      PipelineMode mode,
      ConnectionConfig source,
      ConnectionConfig target,
      List<TableSpec> tables,
      PipelineOptions options) {
    this(id, name, mode, source, target, tables, options, List.of(), List.of(), null);
  }

  public PipelineSpec withOptions(PipelineOptions newOptions) {
    return new PipelineSpec(
        id,
        name,
        mode,
        source,
        target,
        tables,
        newOptions,
        copiedTables,
        addedTables,
        sourceStateId);
  }

  public PipelineSpec withMode(PipelineMode newMode) {
    return new PipelineSpec(
        id,
        name,
        newMode,
        source,
        target,
        tables,
        options,
        copiedTables,
        addedTables,
        sourceStateId);
  }

  public PipelineSpec withSource(ConnectionConfig newSource) {
    return new PipelineSpec(
        id,
        name,
        mode,
        newSource,
        target,
        tables,
        options,
        copiedTables,
        addedTables,
        sourceStateId);
  }

  public PipelineSpec withTarget(ConnectionConfig newTarget) {
    return new PipelineSpec(
        id,
        name,
        mode,
        source,
        newTarget,
        tables,
        options,
        copiedTables,
        addedTables,
        sourceStateId);
  }

  public PipelineSpec withTables(List<TableSpec> newTables) {
    return new PipelineSpec(
        id,
        name,
        mode,
        source,
        target,
        newTables,
        options,
        copiedTables,
        addedTables,
        sourceStateId);
  }

  public PipelineSpec withCopiedTables(List<TableId> newCopiedTables) {
    return new PipelineSpec(
        id,
        name,
        mode,
        source,
        target,
        tables,
        options,
        newCopiedTables,
        addedTables,
        sourceStateId);
  }

  /**
   * Resumes a source that already reads the log under its earlier uid; the tables it has not copied
   * are copied while the log goes on.
   */
  public PipelineSpec continuingLog(
      String stateId, List<TableId> newCopiedTables, List<TableId> newAddedTables) {
    return new PipelineSpec(
        id, name, mode, source, target, tables, options, newCopiedTables, newAddedTables, stateId);
  }

  /** Whether the copy before the log reads this table (not copied before, not added later). */
  public boolean copiesBeforeLog(TableId table) {
    return !copiedTables.contains(table) && !addedTables.contains(table);
  }

  /** The Flink job name: carries the pipeline name and id. */
  public String jobName() {
    return "cdcflow: " + name + " [" + id + "]";
  }
}
