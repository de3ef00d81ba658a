package io.cdcflow.api.monitoring;

import io.cdcflow.api.monitoring.MonitoringViews.Check;
import io.cdcflow.catalog.pipeline.PipelineState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Judges a pipeline healthy, degraded or failing from its newest observation and its recent
 * samples. Each check says what it looked at, so the reasons can be read without the metrics.
 */
final class PipelineHealthJudge {

  static final String OK = "OK";
  static final String DEGRADED = "DEGRADED";
  static final String FAILING = "FAILING";
  static final String UNKNOWN = "UNKNOWN";

  /** Thresholds for one judgement. */
  record Limits(
      Duration lag,
      Duration window,
      long slotRetainedBytes,
      Duration stalledAfter,
      int checkpointFailures) {

    /** One failed checkpoint is routine (a slow barrier); Flink retries on the next interval. */
    static Limits defaults() {
      return new Limits(
          Duration.ofMinutes(5), Duration.ofMinutes(15), 1L << 30, Duration.ofMinutes(2), 3);
    }

    Limits withLag(Duration lag) {
      return new Limits(lag, window, slotRetainedBytes, stalledAfter, checkpointFailures);
    }
  }

  /** Figures from the samples of the window before the observation. */
  record Recent(OptionalDouble restartsAtStart, OptionalDouble failedCheckpointsAtStart) {}

  private PipelineHealthJudge() {}

  static List<Check> checks(PipelineObservation o, Recent recent, Limits limits) {
    List<Check> checks = new ArrayList<>();
    checks.add(job(o));
    if (o.state().isActive()) {
      checks.add(restarts(o, recent, limits));
      checks.add(checkpoints(o, recent, limits));
      checks.add(lag(o, limits));
      checks.add(throughput(o, limits));
    }
    slot(o, limits).ifPresent(checks::add);
    logGap(o).ifPresent(checks::add);
    verification(o).ifPresent(checks::add);
    sourceTables(o).ifPresent(checks::add);
    emptyTargets(o).ifPresent(checks::add);
    return checks;
  }

  /** Changes the source no longer holds for the pipeline: data is missing, not late. */
  private static Optional<Check> logGap(PipelineObservation o) {
    OptionalDouble gap = o.value(PipelineMetric.LOG_GAP);
    if (gap.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        gap.getAsDouble() == 0
            ? new Check("change_log", OK, "no gap found in the source's log")
            : new Check(
                "change_log",
                FAILING,
                "the source's log lost changes the pipeline has not read (its slot was dropped,"
                    + " lost or moved, or its binlog purged): resnapshot the pipeline"));
  }

  /** Rows the verifier found wrong twice, the lag apart: data is wrong, not late. */
  private static Optional<Check> verification(PipelineObservation o) {
    OptionalDouble rows = o.value(PipelineMetric.ROWS_MISMATCHED);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    long wrong = (long) rows.getAsDouble();
    return Optional.of(
        wrong == 0
            ? new Check("verification", OK, "the verifier found no row that differs")
            : new Check(
                "verification",
                FAILING,
                wrong
                    + " target rows differ from the source (GET /api/pipelines/"
                    + o.pipelineName()
                    + "/verification): repair the pipeline"));
  }

  /** Tables dropped or renamed at the source: their targets no longer follow anything. */
  private static Optional<Check> sourceTables(PipelineObservation o) {
    OptionalDouble missing = o.value(PipelineMetric.SOURCE_TABLES_MISSING);
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    long gone = (long) missing.getAsDouble();
    return Optional.of(
        gone == 0
            ? new Check("source_tables", OK, "the source has every table of the pipeline")
            : new Check(
                "source_tables",
                DEGRADED,
                gone
                    + " tables of the pipeline no longer exist at the source (GET /api/pipelines/"
                    + o.pipelineName()
                    + "/status names them); their targets are kept"));
  }

  /** Tables the copy left empty while their source has rows: data is missing, not late. */
  private static Optional<Check> emptyTargets(PipelineObservation o) {
    OptionalDouble empty = o.value(PipelineMetric.EMPTY_TARGET_TABLES);
    if (empty.isEmpty()) {
      return Optional.empty();
    }
    long tables = (long) empty.getAsDouble();
    return Optional.of(
        tables == 0
            ? new Check("target_rows", OK, "every target table with source rows has rows")
            : new Check(
                "target_rows",
                FAILING,
                tables
                    + " tables are empty at the target while their source has rows: see the"
                    + " data-quality report, and resnapshot them"));
  }

  /** The worst status among the checks; UNKNOWN only counts when nothing is worse. */
  static String overall(List<Check> checks) {
    if (checks.stream().anyMatch(c -> c.status().equals(FAILING))) {
      return "failing";
    }
    if (checks.stream().anyMatch(c -> c.status().equals(DEGRADED))) {
      return "degraded";
    }
    return "healthy";
  }

  private static Check job(PipelineObservation o) {
    String flink = o.flinkState().orElse(null);
    if (o.state() == PipelineState.FAILED || "FAILED".equals(flink)) {
      return new Check(
          "job", FAILING, "the job failed" + o.failure().map(f -> ": " + f).orElse(""));
    }
    if (!o.state().isActive()) {
      return new Check("job", OK, "no job runs: the pipeline is " + o.state());
    }
    if (flink == null) {
      return new Check("job", UNKNOWN, "the Flink job could not be read");
    }
    if ("RESTARTING".equals(flink) || "FAILING".equals(flink)) {
      return new Check(
          "job", DEGRADED, "the job is " + flink + o.failure().map(f -> " after: " + f).orElse(""));
    }
    if (o.value(PipelineMetric.JOB_RUNNING).orElse(0) < 1) {
      return new Check("job", DEGRADED, "the job is " + flink + " but not all its tasks run");
    }
    return new Check("job", OK, "the job and all its tasks run");
  }

  private static Check restarts(PipelineObservation o, Recent recent, Limits limits) {
    OptionalDouble now = o.value(PipelineMetric.RESTARTS);
    if (now.isEmpty()) {
      return new Check("restarts", UNKNOWN, "no restart count");
    }
    double before = recent.restartsAtStart().orElse(now.getAsDouble());
    double recentRestarts = Math.max(0, now.getAsDouble() - before);
    return recentRestarts > 0
        ? new Check(
            "restarts",
            DEGRADED,
            (long) recentRestarts + " restart(s) in the last " + minutes(limits.window()))
        : new Check("restarts", OK, "no restart in the last " + minutes(limits.window()));
  }

  private static Check checkpoints(PipelineObservation o, Recent recent, Limits limits) {
    OptionalDouble failed = o.value(PipelineMetric.CHECKPOINTS_FAILED);
    if (failed.isEmpty()) {
      return new Check("checkpoints", UNKNOWN, "no checkpoint statistics");
    }
    double recentFailures =
        Math.max(
            0,
            failed.getAsDouble() - recent.failedCheckpointsAtStart().orElse(failed.getAsDouble()));
    String failures =
        (long) recentFailures + " failed checkpoint(s) in the last " + minutes(limits.window());
    if (recentFailures >= limits.checkpointFailures()) {
      return new Check("checkpoints", DEGRADED, failures);
    }
    OptionalDouble age = o.value(PipelineMetric.CHECKPOINT_AGE_SECONDS);
    return new Check(
        "checkpoints",
        OK,
        (age.isPresent()
                ? "newest checkpoint " + (long) age.getAsDouble() + " s ago"
                : "no checkpoint completed yet")
            + (recentFailures > 0 ? "; " + failures : ""));
  }

  private static Check lag(PipelineObservation o, Limits limits) {
    OptionalDouble lag = o.value(PipelineMetric.END_TO_END_LAG_MS);
    if (lag.isEmpty()) {
      return new Check("lag", UNKNOWN, "no end-to-end lag yet (snapshotting, or no change seen)");
    }
    long seconds = (long) (lag.getAsDouble() / 1000);
    return lag.getAsDouble() > limits.lag().toMillis()
        ? new Check(
            "lag",
            DEGRADED,
            "end-to-end lag " + seconds + " s is over " + limits.lag().toSeconds() + " s")
        : new Check("lag", OK, "end-to-end lag " + seconds + " s");
  }

  private static Check throughput(PipelineObservation o, Limits limits) {
    OptionalDouble lag = o.value(PipelineMetric.END_TO_END_LAG_MS);
    OptionalDouble rate = o.value(PipelineMetric.ROWS_WRITTEN_PER_SECOND);
    if (lag.isEmpty() || rate.isEmpty()) {
      return new Check("throughput", UNKNOWN, "no rate yet");
    }
    if (lag.getAsDouble() > limits.stalledAfter().toMillis() && rate.getAsDouble() == 0) {
      return new Check(
          "throughput",
          DEGRADED,
          "changes have waited " + (long) (lag.getAsDouble() / 1000) + " s and nothing is written");
    }
    return new Check("throughput", OK, String.format("%.1f rows/s written", rate.getAsDouble()));
  }

  private static Optional<Check> slot(PipelineObservation o, Limits limits) {
    OptionalDouble retained = o.value(PipelineMetric.SLOT_RETAINED_BYTES);
    if (retained.isEmpty()) {
      return Optional.empty();
    }
    long bytes = (long) retained.getAsDouble();
    boolean active = o.value(PipelineMetric.SLOT_ACTIVE).orElse(0) > 0;
    if (bytes > limits.slotRetainedBytes()) {
      return Optional.of(
          new Check(
              "replication_slot",
              DEGRADED,
              "the slot retains "
                  + bytes
                  + " bytes of WAL (over "
                  + limits.slotRetainedBytes()
                  + ")"
                  + (o.state().isActive()
                      ? ""
                      : "; the pipeline is stopped: resume or delete it")));
    }
    if (o.state().isActive() && !active && "RUNNING".equals(o.flinkState().orElse(""))) {
      return Optional.of(
          new Check(
              "replication_slot",
              DEGRADED,
              "the slot is inactive while the job runs; it retains " + bytes + " bytes"));
    }
    return Optional.of(
        new Check(
            "replication_slot",
            OK,
            "the slot retains " + bytes + " bytes" + (active ? ", active" : ", inactive")));
  }

  private static String minutes(Duration d) {
    return d.toMinutes() + " min";
  }

  static Instant windowStart(Instant at, Limits limits) {
    return at.minus(limits.window());
  }
}
