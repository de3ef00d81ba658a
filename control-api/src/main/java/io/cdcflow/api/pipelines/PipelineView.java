package io.cdcflow.api.pipelines;

import io.cdcflow.catalog.pipeline.MappingRules;
import io.cdcflow.catalog.pipeline.PipelineDefinition;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.catalog.pipeline.PipelineOptions;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.pipeline.TableSelection;
import io.cdcflow.catalog.store.PipelineRow;
import java.time.Instant;
import java.util.UUID;

/** A pipeline as the API shows it: the definition with defaults filled in, plus its state. */
public record PipelineView(
    UUID id,
    String name,
    String description,
    ConnectionRef source,
    ConnectionRef target,
    PipelineMode mode,
    TableSelection tables,
    MappingRules mapping,
    boolean autoCreateTarget,
    PipelineOptions options,
    PipelineState state,
    String stateReason,
    String replicationSlot,
    String publication,
    Integer serverIdStart,
    Instant createdAt,
    Instant updatedAt) {

  static PipelineView of(
      PipelineRow row, PipelineDefinition d, String sourceName, String targetName) {
    return new PipelineView(
        row.id(),
        row.name(),
        row.description(),
        new ConnectionRef(row.sourceConnectionId(), sourceName),
        new ConnectionRef(row.targetConnectionId(), targetName),
        row.mode(),
        d.tables(),
        d.mapping(),
        d.autoCreateTarget(),
        d.options(),
        row.state(),
        row.stateReason(),
        row.slotName(),
        row.publicationName(),
        row.serverIdStart(),
        row.createdAt(),
        row.updatedAt());
  }

  /** A connection by id and name. */
  public record ConnectionRef(UUID id, String name) {}
}
