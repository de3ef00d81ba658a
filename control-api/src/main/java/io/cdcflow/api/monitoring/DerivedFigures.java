package io.cdcflow.api.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derives rates, end-to-end lag and checkpoint failures from successive readings of a pipeline's
 * job, which is why it keeps a little state per pipeline (in memory: after a restart of the control
 * API the first round has no rates yet).
 *
 * <p>End-to-end lag is judged at the target: changes are waiting when the source has emitted
 * records the sink has not received yet, or the sink holds rows it has not flushed. While they
 * wait, the lag is the time since the newer of (a) the commit time of the newest change the sink
 * applied and (b) the last round that saw the pipeline caught up; every waiting change is younger
 * than both, so this bounds the age of the oldest waiting change without ever reading the source.
 * Caught up, the lag is 0. While the job's tasks are not all running (restarting after a failure,
 * starting) nothing is applied and nothing tells whether changes wait, so the lag is the time since
 * the target was last known current: a target outage shows as growing lag, not as a gap. Both
 * clocks, the source database's and this server's, are assumed to agree.
 */
final class DerivedFigures {

  private record Previous(
      String jobId,
      Instant at,
      OptionalDouble sourceRecords,
      OptionalDouble rowsWritten,
      boolean waiting,
      long newestAppliedMs,
      Instant caughtUpAt,
      double failuresBeforeFirstCheckpoint,
      long newestAppliedPosition) {}

  private final Map<UUID, Previous> previous = new ConcurrentHashMap<>();

  /** The rates and lag for this reading of a running (or restarting) job. */
  Map<PipelineMetric, Double> update(UUID pipeline, JobFigures figures, Instant now) {
    Map<PipelineMetric, Double> values = new EnumMap<>(PipelineMetric.class);
    Previous before = previous.get(pipeline);
    OptionalDouble sourceRecords = figures.sourceSum("numRecordsOut");
    OptionalDouble received = figures.sinkSum("numRecordsIn");
    OptionalDouble buffered = figures.sinkSum("bufferedRows");
    OptionalDouble rowsWritten = figures.sinkSum("numRecordsSend");
    OptionalDouble applied = figures.sinkMax("lastAppliedSourceTimestampMs");
    OptionalDouble appliedPosition = figures.sinkMax("lastAppliedSourcePosition");

    boolean sameJob = before != null && before.jobId().equals(figures.jobId());
    double startupFailures = sameJob ? before.failuresBeforeFirstCheckpoint() : 0;
    if (figures.checkpoints().isPresent()) {
      var counts = figures.checkpoints().get().counts();
      if (counts.completed() == 0) {
        startupFailures = counts.failed();
      }
      values.put(PipelineMetric.CHECKPOINTS_FAILED, Math.max(0, counts.failed() - startupFailures));
    }
    if (sameJob) {
      double seconds = Duration.between(before.at(), now).toMillis() / 1000.0;
      rate(before.sourceRecords(), sourceRecords, seconds)
          .ifPresent(r -> values.put(PipelineMetric.SOURCE_RECORDS_PER_SECOND, r));
      rate(before.rowsWritten(), rowsWritten, seconds)
          .ifPresent(r -> values.put(PipelineMetric.ROWS_WRITTEN_PER_SECOND, r));
    }

    long newestApplied =
        Math.max(
            before == null ? 0 : before.newestAppliedMs(),
            applied.isPresent() ? (long) applied.getAsDouble() : 0);
    boolean measurable =
        figures.fullyRunning() && sourceRecords.isPresent() && received.isPresent();
    boolean waiting;
    if (measurable) {
      waiting =
          sourceRecords.getAsDouble() > received.getAsDouble()
              || (buffered.isPresent() && buffered.getAsDouble() > 0);
    } else {
      // tasks restarting or starting: nothing is applied, and whether the source has changes
      // cannot be told from here, so the lag is the time since the target was last known current
      waiting = true;
    }
    Instant caughtUpAt =
        measurable && !waiting ? now : before == null ? Instant.EPOCH : before.caughtUpAt();
    if (!waiting) {
      values.put(PipelineMetric.END_TO_END_LAG_MS, 0.0);
    } else if (waiting && newestApplied > 0) {
      long since = Math.max(newestApplied, caughtUpAt.toEpochMilli());
      values.put(
          PipelineMetric.END_TO_END_LAG_MS, (double) Math.max(0, now.toEpochMilli() - since));
    }
    // a restarting job reports no counters: keep the last ones so rates resume afterwards
    previous.put(
        pipeline,
        new Previous(
            figures.jobId(),
            now,
            sourceRecords.isPresent() || before == null ? sourceRecords : before.sourceRecords(),
            rowsWritten.isPresent() || before == null ? rowsWritten : before.rowsWritten(),
            waiting,
            newestApplied,
            caughtUpAt,
            startupFailures,
            Math.max(
                before == null ? 0 : before.newestAppliedPosition(),
                appliedPosition.isPresent() ? (long) appliedPosition.getAsDouble() : 0)));
    return values;
  }

  /** The pipeline has no job any more (stopped, completed, failed for good). */
  void jobGone(UUID pipeline) {
    previous.computeIfPresent(
        pipeline,
        (id, p) ->
            new Previous(
                "",
                p.at(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                false,
                p.newestAppliedMs(),
                p.caughtUpAt(),
                0,
                p.newestAppliedPosition()));
  }

  void forget(UUID pipeline) {
    previous.remove(pipeline);
  }

  /** Commit time of the newest change applied to the target, if any was seen. */
  Optional<Instant> newestApplied(UUID pipeline) {
    Previous p = previous.get(pipeline);
    return p == null || p.newestAppliedMs() == 0
        ? Optional.empty()
        : Optional.of(Instant.ofEpochMilli(p.newestAppliedMs()));
  }

  /** Source log position of the newest change applied to the target, if any was seen. */
  OptionalLong newestAppliedPosition(UUID pipeline) {
    Previous p = previous.get(pipeline);
    return p == null || p.newestAppliedPosition() == 0
        ? OptionalLong.empty()
        : OptionalLong.of(p.newestAppliedPosition());
  }

  private static OptionalDouble rate(OptionalDouble before, OptionalDouble now, double seconds) {
    if (before.isEmpty() || now.isEmpty() || seconds <= 0) {
      return OptionalDouble.empty();
    }
    double delta = now.getAsDouble() - before.getAsDouble();
    // counters restart when Flink restarts the tasks: no rate for that round
    return delta < 0 ? OptionalDouble.empty() : OptionalDouble.of(delta / seconds);
  }
}
