package io.cdcflow.api.alerting;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.cdcflow.api.monitoring.PipelineMetric;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an alert rule watches, with its built-in default (threshold, duration, severity). Stored
 * rules override the defaults for all pipelines or for one. The conditions themselves are {@link
 * AlertConditions}'.
 */
public enum RuleKind {
  JOB_FAILED(null, 0, Severity.CRITICAL, "the pipeline or its Flink job failed", null, true),
  JOB_RESTARTING(
      3.0,
      600,
      Severity.WARNING,
      "the job restarted at least <threshold> times within <duration> seconds",
      "restarts",
      true),
  CHECKPOINT_FAILURES(
      3.0,
      600,
      Severity.WARNING,
      "at least <threshold> checkpoints failed within <duration> seconds",
      "failed checkpoints",
      true),
  LAG_HIGH(
      300.0,
      120,
      Severity.WARNING,
      "end-to-end lag above <threshold> seconds for <duration> seconds",
      "seconds",
      true),
  THROUGHPUT_STALLED(
      null,
      300,
      Severity.WARNING,
      "the job runs, changes wait, and no row was written for <duration> seconds",
      null,
      true),
  SLOT_WAL_RETAINED(
      1024.0 * 1024 * 1024,
      0,
      Severity.WARNING,
      "the replication slot retains more than <threshold> bytes of WAL for <duration> seconds",
      "bytes",
      false),
  SCHEMA_DRIFT(
      0.0,
      0,
      Severity.WARNING,
      "more than <threshold> target columns missing, extra or changed",
      "columns",
      false),
  ROW_COUNT_MISMATCH(
      0.0,
      0,
      Severity.WARNING,
      "more than <threshold> tables whose source and target row counts differ",
      "tables",
      false),
  TABLE_NOT_COPIED(
      0.0,
      0,
      Severity.CRITICAL,
      "more than <threshold> tables empty at the target while their source has rows",
      "tables",
      false),
  LOG_GAP(
      0.0,
      0,
      Severity.CRITICAL,
      "the source's log lost changes the pipeline has not read (slot dropped, lost or moved, or"
          + " binlog purged)",
      null,
      false),
  SOURCE_TABLE_DROPPED(
      0.0,
      0,
      Severity.WARNING,
      "more than <threshold> tables of the pipeline no longer exist at the source (dropped or"
          + " renamed)",
      "tables",
      false),
  ROW_MISMATCH(
      0.0,
      0,
      Severity.CRITICAL,
      "the continuous verifier found more than <threshold> target rows that still differ from the"
          + " source after the pipeline's lag had passed",
      "rows",
      false);

  private final Double defaultThreshold;
  private final int defaultDurationSeconds;
  private final Severity defaultSeverity;
  private final String description;
  private final String thresholdUnit;
  private final boolean jobRelated;

  RuleKind(
      Double defaultThreshold,
      int defaultDurationSeconds,
      Severity defaultSeverity,
      String description,
      String thresholdUnit,
      boolean jobRelated) {
    this.defaultThreshold = defaultThreshold;
    this.defaultDurationSeconds = defaultDurationSeconds;
    this.defaultSeverity = defaultSeverity;
    this.description = description;
    this.thresholdUnit = thresholdUnit;
    this.jobRelated = jobRelated;
  }

  /** Null when the kind takes no threshold. */
  public Double defaultThreshold() {
    return defaultThreshold;
  }

  public boolean takesThreshold() {
    return defaultThreshold != null;
  }

  public int defaultDurationSeconds() {
    return defaultDurationSeconds;
  }

  public Severity defaultSeverity() {
    return defaultSeverity;
  }

  public String description() {
    return description;
  }

  /** What the threshold counts, for messages; null when the kind takes none. */
  public String thresholdUnit() {
    return thresholdUnit;
  }

  /**
   * Judged only while a job should run: alerts of these kinds resolve when the pipeline is no
   * longer active (stopped, completed, created). Slot, drift and row-count figures matter in any
   * state.
   */
  public boolean jobRelated() {
    return jobRelated;
  }

  /** The figure the kind watches, null for JOB_FAILED (judged from states). */
  public PipelineMetric metric() {
    return switch (this) {
      case JOB_FAILED -> null;
      case JOB_RESTARTING -> PipelineMetric.RESTARTS;
      case CHECKPOINT_FAILURES -> PipelineMetric.CHECKPOINTS_FAILED;
      case LAG_HIGH, THROUGHPUT_STALLED -> PipelineMetric.END_TO_END_LAG_MS;
      case SLOT_WAL_RETAINED -> PipelineMetric.SLOT_RETAINED_BYTES;
      case SCHEMA_DRIFT -> PipelineMetric.SCHEMA_DRIFT_COLUMNS;
      case ROW_COUNT_MISMATCH -> PipelineMetric.ROW_COUNT_MISMATCH_TABLES;
      case TABLE_NOT_COPIED -> PipelineMetric.EMPTY_TARGET_TABLES;
      case LOG_GAP -> PipelineMetric.LOG_GAP;
      case ROW_MISMATCH -> PipelineMetric.ROWS_MISMATCHED;
      case SOURCE_TABLE_DROPPED -> PipelineMetric.SOURCE_TABLES_MISSING;
    };
  }

  @JsonCreator
  public static RuleKind fromId(String id) {
    for (RuleKind kind : values()) {
      if (kind.name().equals(id.trim().toUpperCase(Locale.ROOT))) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown kind '"
            + id
            + "': "
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
  }
}
