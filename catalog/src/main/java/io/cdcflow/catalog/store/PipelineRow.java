package io.cdcflow.catalog.store;

import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.catalog.pipeline.PipelineState;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored pipeline: the definition as the user wrote it (JSON, read by the API's JSON dialect)
 * plus lifecycle state and the replication resources it owns.
 */
public record PipelineRow(
    UUID id,
    String name,
    String description,
    UUID sourceConnectionId,
    UUID targetConnectionId,
    PipelineMode mode,
    String definitionJson,
    PipelineState state,
    String stateReason,
    String slotName,
    String publicationName,
    Integer serverIdStart,
    Instant createdAt,
    Instant updatedAt) {}
