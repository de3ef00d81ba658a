package io.cdcflow.api.flink;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Reads the test job's gauges and checkpoints through the REST API, as the control API would. */
final class CounterJobProbe {

  private final FlinkRestClient client;

  CounterJobProbe(FlinkRestClient client) {
    this.client = client;
  }

  /** The vertex of the chain source -> counter -> sink (the job has only that one). */
  String vertexId(String jobId) {
    List<JobDetails.Vertex> vertices = client.job(jobId).vertices();
    if (vertices.size() != 1) {
      throw new AssertionError("expected one chained vertex, got " + vertices);
    }
    return vertices.get(0).id();
  }

  /**
   * Waits until the counter operator's gauge (max over subtasks) is at least {@code atLeast}, and
   * returns its value. Operator metrics are named {@code <operator>.<gauge>} on the vertex.
   */
  long awaitGauge(String jobId, String gauge, long atLeast, Duration timeout) {
    String vertexId = vertexId(jobId);
    String metricId =
        Await.until(
            "the " + gauge + " gauge of job " + jobId,
            timeout,
            () ->
                client.subtaskMetrics(jobId, vertexId, List.of()).stream()
                    .map(AggregatedMetric::id)
                    .filter(id -> id.endsWith("." + gauge))
                    .findFirst());
    return Await.until(
        gauge + " of job " + jobId + " to reach " + atLeast,
        timeout,
        () -> {
          OptionalDouble max =
              client.subtaskMetrics(jobId, vertexId, List.of(metricId)).stream()
                  .findFirst()
                  .map(AggregatedMetric::max)
                  .orElse(OptionalDouble.empty());
          return max.isPresent() && max.getAsDouble() >= atLeast
              ? Optional.of((long) max.getAsDouble())
              : Optional.empty();
        });
  }

  /** Waits for a checkpoint that completes after this call, and returns it. */
  CheckpointStats.Completed awaitNewCheckpoint(String jobId, Duration timeout) {
    int completedBefore = client.checkpoints(jobId).counts().completed();
    return Await.until(
        "a new completed checkpoint of job " + jobId,
        timeout,
        () -> {
          CheckpointStats stats = client.checkpoints(jobId);
          return stats.counts().completed() > completedBefore
              ? stats.latestCompleted()
              : Optional.empty();
        });
  }

  /** Waits for a completed checkpoint with an external path, and returns it. */
  CheckpointStats.Completed awaitCheckpoint(String jobId, Duration timeout) {
    return Await.until(
        "a completed checkpoint of job " + jobId,
        timeout,
        () ->
            client.checkpoints(jobId).latestCompleted().filter(c -> c.externalPath().isPresent()));
  }
}
