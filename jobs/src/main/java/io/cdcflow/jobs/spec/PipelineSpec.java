package io.cdcflow.jobs.spec;

import io.cdcflow.catalog.connection.ConnectionConfig;
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
 */
public record PipelineSpec(
    String id,
    String name,
    PipelineMode mode,
    ConnectionConfig source,
    ConnectionConfig target,
    List<TableSpec> tables,
    PipelineOptions options)
    implements Serializable {

  public PipelineSpec {
    tables = tables == null ? List.of() : List.copyOf(tables);
    options = (options == null ? PipelineOptions.defaults() : options).resolvedFor(id);
  }

  public PipelineSpec withOptions(PipelineOptions newOptions) {
    return new PipelineSpec(id, name, mode, source, target, tables, newOptions);
  }

  public PipelineSpec withMode(PipelineMode newMode) {
    return new PipelineSpec(id, name, newMode, source, target, tables, options);
  }

  public PipelineSpec withSource(ConnectionConfig newSource) {
    return new PipelineSpec(id, name, mode, newSource, target, tables, options);
  }

  public PipelineSpec withTarget(ConnectionConfig newTarget) {
    return new PipelineSpec(id, name, mode, source, newTarget, tables, options);
  }

  public PipelineSpec withTables(List<TableSpec> newTables) {
    return new PipelineSpec(id, name, mode, source, target, newTables, options);
  }

  /** The Flink job name: carries the pipeline name and id. */
  public String jobName() {
    return "cdcflow: " + name + " [" + id + "]";
  }
}
