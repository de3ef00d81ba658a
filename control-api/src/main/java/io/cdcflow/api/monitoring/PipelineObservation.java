package io.cdcflow.api.monitoring;

import io.cdcflow.catalog.pipeline.PipelineState;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * What one collection round saw of one pipeline: its catalog state, the Flink job behind it and its
 * figures. Alert rules and health are judged from observations; samples are stored from them.
 *
 * @param flinkJobId the current job, empty when none runs
 * @param flinkState Flink's job state (RUNNING, RESTARTING, FAILED, ...), empty when unknown
 * @param failure the job's newest root cause when it failed or restarts, else empty
 */
public record PipelineObservation(
    UUID pipelineId,
    String pipelineName,
    PipelineState state,
    Instant at,
    Optional<String> flinkJobId,
    Optional<String> flinkState,
    Optional<String> failure,
    Map<PipelineMetric, Double> values) {

  public PipelineObservation {
    Objects.requireNonNull(pipelineId, "pipelineId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(at, "at");
    values = values.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(values));
  }

  public OptionalDouble value(PipelineMetric metric) {
    Double value = values.get(metric);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
