package io.cdcflow.catalog.pipeline;

/**
 * A pipeline as a user writes it (REST body or YAML document): what to move, from where, to where,
 * and how names map. Connections are referred to by name or id.
 */
public record PipelineDefinition(
    String name,
    String description,
    String source,
    String target,
    PipelineMode mode,
    TableSelection tables,
    MappingRules mapping,
    Boolean autoCreateTarget,
    PipelineOptions options) {

  public PipelineDefinition {
    tables = tables == null ? new TableSelection(null, null, null) : tables;
    mapping = mapping == null ? MappingRules.DEFAULT : mapping;
    autoCreateTarget = autoCreateTarget == null ? Boolean.TRUE : autoCreateTarget;
    options = (options == null ? PipelineOptions.NONE : options).withDefaults(mode);
  }
}
