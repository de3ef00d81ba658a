package io.cdcflow.api.connectors;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code GET /api/connectors}: one side of a started pipeline, as a connector.
 *
 * @param name {@code <pipeline>-source} or {@code <pipeline>-sink}
 * @param kind {@code source} or {@code sink}
 * @param type the database kind: {@code postgres} or {@code mysql} (MariaDB included)
 * @param state RUNNING, STARTING, RESTARTING, STOPPING, STOPPED, FAILED or COMPLETED
 * @param pipelineState the pipeline's own state (SNAPSHOTTING, STREAMING, ...)
 * @param recordsPerSecond records read (source) or rows written (sink) per second in the metrics
 *     collector's newest round; null before the first round or when the job does not run
 * @param observedAt when that round was
 */
public record ConnectorView(
    String name,
    UUID pipelineId,
    String pipelineName,
    String kind,
    String type,
    String connection,
    String state,
    String pipelineState,
    int parallelism,
    Double recordsPerSecond,
    Instant observedAt) {}
