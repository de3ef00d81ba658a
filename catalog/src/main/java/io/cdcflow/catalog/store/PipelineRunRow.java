package io.cdcflow.catalog.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One Flink job submitted for a pipeline.
 *
 * @param trigger {@code start}, {@code resume}, {@code recover}, {@code auto-recover}, {@code
 *     reconcile}, {@code reattach} or {@code resnapshot}
 * @param restoredFrom the savepoint or checkpoint the job started from, null for a fresh start
 * @param savepointPath the savepoint taken when the job was stopped
 * @param streamingAt when cdcflow first saw the job streaming (its copy done), null before
 */
public record PipelineRunRow(
    UUID id,
    UUID pipelineId,
    String flinkJobId,
    String trigger,
    int attempt,
    String state,
    String flinkState,
    String restoredFrom,
    String savepointPath,
    String lastCheckpointPath,
    Instant lastCheckpointAt,
    String failureReason,
    Instant startedAt,
    Instant endedAt,
    Instant streamingAt) {}
