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
 */
public record PipelineSpec(
    String id,
    String name,
    PipelineMode mode,
    ConnectionConfig source,
    ConnectionConfig target,
    List<TableSpec> tables,
    PipelineOptions options,
    List<TableId> copiedTables)
    implements Serializable {

  public PipelineSpec {
    tables = tables == null ? List.of() : List.copyOf(tables);
    options = (options == null ? PipelineOptions.defaults() : options).resolvedFor(id);
    copiedTables = copiedTables == null ? List.of() : List.copyOf(copiedTables);
  }

  public PipelineSpec(
      String id,
      String name,
      PipelineMode mode,
      ConnectionConfig source,
      ConnectionConfig target,
      List<TableSpec> tables,
      PipelineOptions options) {
    this(id, name, mode, source, target, tables, options, List.of());
  }

  public PipelineSpec withOptions(PipelineOptions newOptions) {
    return new PipelineSpec(id, name, mode, source, target, tables, newOptions, copiedTables);
  }

  public PipelineSpec withMode(PipelineMode newMode) {
    return new PipelineSpec(id, name, newMode, source, target, tables, options, copiedTables);
  }

  public PipelineSpec withSource(ConnectionConfig newSource) {
    return new PipelineSpec(id, name, mode, newSource, target, tables, options, copiedTables);
  }

  public PipelineSpec withTarget(ConnectionConfig newTarget) {
    return new PipelineSpec(id, name, mode, source, newTarget, tables, options, copiedTables);
  }

  public PipelineSpec withTables(List<TableSpec> newTables) {
    return new PipelineSpec(id, name, mode, source, target, newTables, options, copiedTables);
  }

  public PipelineSpec withCopiedTables(List<TableId> newCopiedTables) {
    return new PipelineSpec(id, name, mode, source, target, tables, options, newCopiedTables);
  }

  /** The Flink job name: carries the pipeline name and id. */
  public String jobName() {
    return "cdcflow: " + name + " [" + id + "]";
  }
}
