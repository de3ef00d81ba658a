package io.cdcflow.api.alerting;

import io.cdcflow.api.monitoring.PipelineMetric;
import io.cdcflow.api.monitoring.PipelineObservation;
import io.cdcflow.catalog.pipeline.PipelineState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Judges each rule kind against a pipeline's observations. "For N seconds" and "within N seconds"
 * need what earlier rounds saw, kept here in memory per (pipeline, kind). That memory is lost when
 * the server restarts: durations then start counting again and counter growth is measured from the
 * first round after the restart (an open alert stays open until its condition is judged clear).
 * Time is the observations' own, so rounds can be replayed in tests.
 */
final class AlertConditions {

  /** What a round says about one rule. */
  record Verdict(Status status, String message, Map<String, Object> details) {

    enum Status {
      FIRING,
      CLEAR,
      /**
       * A figure the condition needs is missing, or the condition holds but not yet for the
       * duration: an open alert stays open, none is opened.
       */
      UNKNOWN
    }

    static final Verdict CLEAR = new Verdict(Status.CLEAR, null, Map.of());
    static final Verdict UNKNOWN = new Verdict(Status.UNKNOWN, null, Map.of());
  }

  private final Map<UUID, Map<RuleKind, Track>> tracks = new ConcurrentHashMap<>();

  Verdict judge(EffectiveRule rule, PipelineObservation o) {
    Map<RuleKind, Track> ofPipeline =
        tracks.computeIfAbsent(o.pipelineId(), id -> new EnumMap<>(RuleKind.class));
    synchronized (ofPipeline) {
      return judge(rule, o, ofPipeline.computeIfAbsent(rule.kind(), kind -> new Track()));
    }
  }

  private static Verdict judge(EffectiveRule rule, PipelineObservation o, Track track) {
    RuleKind kind = rule.kind();
    if (!rule.enabled()
        || (kind.jobRelated() && kind != RuleKind.JOB_FAILED && !o.state().isActive())) {
      track.reset();
      return Verdict.CLEAR;
    }
    return switch (kind) {
      case JOB_FAILED -> jobFailed(rule, o, track);
      case JOB_RESTARTING, CHECKPOINT_FAILURES -> counterGrowth(rule, o, track);
      case LAG_HIGH,
          SLOT_WAL_RETAINED,
          SCHEMA_DRIFT,
          ROW_COUNT_MISMATCH,
          TABLE_NOT_COPIED,
          LOG_GAP,
          SOURCE_TABLE_DROPPED,
          ROW_MISMATCH ->
          level(rule, o, track);
      case THROUGHPUT_STALLED -> stalled(rule, o, track);
    };
  }

  void forget(UUID pipelineId) {
    tracks.remove(pipelineId);
  }

  private static Verdict jobFailed(EffectiveRule rule, PipelineObservation o, Track track) {
    Optional<String> flinkState = optional(o.flinkState());
    boolean failed =
        o.state() == PipelineState.FAILED
            || (o.state().isActive() && flinkState.filter("FAILED"::equalsIgnoreCase).isPresent());
    if (!track.held(failed, o.at(), rule.durationSeconds())) {
      return failed ? Verdict.UNKNOWN : Verdict.CLEAR;
    }
    String cause = optional(o.failure()).map(AlertConditions::firstLine).orElse(null);
    Map<String, Object> details = details(rule, o, null, null);
    details.put("failure", cause);
    return firing(
        "Pipeline '"
            + o.pipelineName()
            + "' failed (state "
            + o.state()
            + flinkState.map(s -> ", Flink job " + s).orElse("")
            + ")"
            + (cause == null ? "" : ": " + cause),
        details);
  }

  /**
   * A counter of the current Flink job grew by at least the threshold within the duration. Each new
   * job's counters start at 0, so a total across jobs is kept: when the job id changes (or the
   * counter goes down) the old job's last value is carried over.
   */
  private static Verdict counterGrowth(EffectiveRule rule, PipelineObservation o, Track track) {
    PipelineMetric metric = rule.kind().metric();
    OptionalDouble value = o.value(metric);
    if (value.isEmpty()) {
      return Verdict.UNKNOWN;
    }
    double raw = value.getAsDouble();
    String job = optional(o.flinkJobId()).orElse(track.jobId);
    if (track.jobId != null && (!track.jobId.equals(job) || raw < track.lastRaw)) {
      track.carried += track.lastRaw;
    }
    track.jobId = job;
    track.lastRaw = raw;
    double total = track.carried + raw;

    Instant windowStart = o.at().minusSeconds(rule.durationSeconds());
    Sample baseline = null;
    for (Sample sample : track.samples) {
      if (baseline == null || !sample.at().isAfter(windowStart)) {
        baseline = sample; // the newest sample at or before the window start, else the oldest
      }
    }
    while (track.samples.size() > 1) {
      Iterator<Sample> oldest = track.samples.iterator();
      oldest.next();
      if (oldest.next().at().isAfter(windowStart)) {
        break;
      }
      track.samples.removeFirst(); // the next one is a baseline at least as good
    }
    track.samples.addLast(new Sample(o.at(), total));
    double growth = baseline == null ? 0 : total - baseline.total();
    double threshold = rule.thresholdOrDefault();
    if (growth < threshold) {
      return Verdict.CLEAR;
    }
    Map<String, Object> details = details(rule, o, metric, raw);
    details.put("growth", growth);
    String what =
        rule.kind() == RuleKind.JOB_RESTARTING
            ? "restarted " + number(growth) + " times"
            : "had " + number(growth) + " failed checkpoints";
    return firing(
        "Pipeline '"
            + o.pipelineName()
            + "' "
            + what
            + " within "
            + rule.durationSeconds()
            + " s (threshold "
            + number(threshold)
            + ")",
        details);
  }

  /** A figure above the threshold for the duration. */
  private static Verdict level(EffectiveRule rule, PipelineObservation o, Track track) {
    PipelineMetric metric = rule.kind().metric();
    OptionalDouble value = o.value(metric);
    if (value.isEmpty()) {
      return Verdict.UNKNOWN;
    }
    double raw = value.getAsDouble();
    double judged = rule.kind() == RuleKind.LAG_HIGH ? raw / 1000.0 : raw;
    double threshold = rule.thresholdOrDefault();
    boolean above = judged > threshold;
    if (!track.held(above, o.at(), rule.durationSeconds())) {
      return above ? Verdict.UNKNOWN : Verdict.CLEAR;
    }
    String name = o.pipelineName();
    String sustained = rule.durationSeconds() > 0 ? " for " + heldFor(track, o) + " s" : "";
    String message =
        switch (rule.kind()) {
          case LAG_HIGH ->
              "Pipeline '"
                  + name
                  + "' lags "
                  + number(judged)
                  + " s behind its source, above the "
                  + number(threshold)
                  + " s threshold"
                  + sustained;
          case SLOT_WAL_RETAINED ->
              "The replication slot of pipeline '"
                  + name
                  + "' retains "
                  + bytes(raw)
                  + " of WAL, above the "
                  + bytes(threshold)
                  + " threshold"
                  + sustained;
          case SCHEMA_DRIFT ->
              "The target schema of pipeline '"
                  + name
                  + "' drifted: "
                  + number(raw)
                  + " columns missing, extra or changed";
          case LOG_GAP ->
              "Pipeline '"
                  + name
                  + "': the source's log lost changes it has not read (its replication slot was"
                  + " dropped, lost or moved, or its binlog purged); POST /api/pipelines/"
                  + name
                  + "/resnapshot copies every table again";
          case SOURCE_TABLE_DROPPED ->
              "Pipeline '"
                  + name
                  + "': "
                  + number(raw)
                  + " of its tables no longer exist at the source (dropped or renamed); their"
                  + " target tables are kept as they were. GET /api/pipelines/"
                  + name
                  + "/status names them";
          case ROW_MISMATCH ->
              "Pipeline '"
                  + name
                  + "': "
                  + number(raw)
                  + " target rows differ from the source and stayed so after the lag had passed;"
                  + " GET /api/pipelines/"
                  + name
                  + "/verification names them, POST /api/pipelines/"
                  + name
                  + "/repair copies their tables again";
          case TABLE_NOT_COPIED ->
              "Pipeline '"
                  + name
                  + "': "
                  + number(raw)
                  + " tables are empty at the target while their source has rows; see its"
                  + " data-quality report, and resnapshot them";
          default ->
              "Pipeline '"
                  + name
                  + "': "
                  + number(raw)
                  + " tables differ in row count between source and target";
        };
    return firing(message, details(rule, o, metric, raw));
  }

  /** The job runs and changes wait, yet the rows written did not grow for the duration. */
  private static Verdict stalled(EffectiveRule rule, PipelineObservation o, Track track) {
    Optional<String> flinkState = optional(o.flinkState());
    OptionalDouble jobRunning = o.value(PipelineMetric.JOB_RUNNING);
    if (flinkState.isEmpty() && jobRunning.isEmpty()) {
      return Verdict.UNKNOWN;
    }
    boolean running =
        flinkState.isPresent()
            ? flinkState.get().equalsIgnoreCase("RUNNING")
            : jobRunning.getAsDouble() >= 1;
    if (!running) {
      track.reset();
      return Verdict.CLEAR;
    }
    OptionalDouble lag = o.value(PipelineMetric.END_TO_END_LAG_MS);
    OptionalDouble rows = o.value(PipelineMetric.ROWS_WRITTEN_TOTAL);
    if (lag.isEmpty() || rows.isEmpty()) {
      return Verdict.UNKNOWN;
    }
    String job = optional(o.flinkJobId()).orElse("");
    boolean grew =
        track.lastRows == null || !job.equals(track.jobId) || rows.getAsDouble() != track.lastRows;
    if (grew) {
      track.rowsSince = o.at();
    }
    track.lastRows = rows.getAsDouble();
    track.jobId = job;
    if (lag.getAsDouble() <= 0) {
      track.since = null;
      return Verdict.CLEAR;
    }
    if (track.since == null) {
      track.since = o.at(); // changes wait from now on
    }
    Instant stalledSince = track.rowsSince.isAfter(track.since) ? track.rowsSince : track.since;
    long stalledSeconds = Duration.between(stalledSince, o.at()).toSeconds();
    if (grew || stalledSeconds < rule.durationSeconds()) {
      return Verdict.CLEAR;
    }
    Map<String, Object> details =
        details(rule, o, PipelineMetric.ROWS_WRITTEN_TOTAL, rows.getAsDouble());
    details.put(PipelineMetric.END_TO_END_LAG_MS.key(), lag.getAsDouble());
    details.put("stalled_seconds", stalledSeconds);
    return firing(
        "Pipeline '"
            + o.pipelineName()
            + "' wrote no rows for "
            + stalledSeconds
            + " s while changes wait (lag "
            + number(lag.getAsDouble() / 1000.0)
            + " s)",
        details);
  }

  private static Verdict firing(String message, Map<String, Object> details) {
    return new Verdict(Verdict.Status.FIRING, message, details);
  }

  private static Map<String, Object> details(
      EffectiveRule rule, PipelineObservation o, PipelineMetric metric, Double value) {
    Map<String, Object> details = new LinkedHashMap<>();
    if (metric != null) {
      details.put("metric", metric.key());
      details.put("value", value);
    }
    details.put("threshold", rule.threshold());
    details.put("duration_seconds", rule.durationSeconds());
    details.put("pipeline_state", o.state().name());
    details.put("flink_job_id", optional(o.flinkJobId()).orElse(null));
    details.put("flink_state", optional(o.flinkState()).orElse(null));
    details.put("observed_at", o.at().toString());
    return details;
  }

  private static long heldFor(Track track, PipelineObservation o) {
    return track.since == null ? 0 : Duration.between(track.since, o.at()).toSeconds();
  }

  /** The collector's optionals, tolerating a null where an empty one was meant. */
  private static <T> Optional<T> optional(Optional<T> value) {
    return value == null ? Optional.empty() : value;
  }

  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.1f", value);
  }

  static String bytes(double value) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return (unit == 0 ? number(value) : String.format(Locale.ROOT, "%.1f", value))
        + " "
        + units[unit];
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    String line = (newline < 0 ? text : text.substring(0, newline)).trim();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  private record Sample(Instant at, double total) {}

  /** What earlier rounds saw for one (pipeline, kind). */
  private static final class Track {
    Instant since;
    final Deque<Sample> samples = new ArrayDeque<>();
    String jobId;
    double lastRaw;
    double carried;
    Double lastRows;
    Instant rowsSince;

    /** True when the condition has held for the duration; keeps when it started. */
    boolean held(boolean condition, Instant at, int durationSeconds) {
      if (!condition) {
        since = null;
        return false;
      }
      if (since == null) {
        since = at;
      }
      return Duration.between(since, at).toSeconds() >= durationSeconds;
    }

    void reset() {
      since = null;
      samples.clear();
      jobId = null;
      lastRaw = 0;
      carried = 0;
      lastRows = null;
      rowsSince = null;
    }
  }
}
