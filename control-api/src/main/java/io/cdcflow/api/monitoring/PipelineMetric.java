package io.cdcflow.api.monitoring;

/**
 * The figures the collector records for each running pipeline, in every place they appear: the
 * stored samples ({@link #key()}), the current-metrics and history endpoints, the alert rules and
 * the Prometheus gauges ({@code cdcflow_pipeline_<key>}). A figure the collector could not read in
 * a round is absent from that round's observation, never zero.
 */
public enum PipelineMetric {
  JOB_RUNNING("job_running", "1 when the Flink job and all its tasks run, else 0"),
  RESTARTS("restarts", "restarts of the current Flink job (numRestarts)"),
  CHECKPOINTS_COMPLETED("checkpoints_completed", "completed checkpoints of the current job"),
  CHECKPOINTS_FAILED("checkpoints_failed", "failed checkpoints of the current job"),
  CHECKPOINT_DURATION_MS("checkpoint_duration_ms", "duration of the newest completed checkpoint"),
  CHECKPOINT_SIZE_BYTES("checkpoint_size_bytes", "state size of the newest completed checkpoint"),
  CHECKPOINT_AGE_SECONDS("checkpoint_age_seconds", "seconds since the newest completed checkpoint"),
  SOURCE_RECORDS_TOTAL("source_records_total", "change records the source emitted (current job)"),
  SOURCE_RECORDS_PER_SECOND("source_records_per_second", "change records read per second"),
  ROWS_WRITTEN_TOTAL("rows_written_total", "rows the sink wrote to the target (current job)"),
  ROWS_WRITTEN_PER_SECOND("rows_written_per_second", "rows written to the target per second"),
  END_TO_END_LAG_MS(
      "end_to_end_lag_ms",
      "age of the newest change applied to the target while changes wait; 0 when caught up"),
  FETCH_LAG_MS("fetch_lag_ms", "source currentFetchEventTimeLag (max over readers)"),
  EMIT_LAG_MS("emit_lag_ms", "source currentEmitEventTimeLag (max over readers)"),
  SOURCE_IDLE_MS("source_idle_ms", "source sourceIdleTime (min over readers)"),
  BUFFERED_ROWS("buffered_rows", "rows buffered in the sink, not yet flushed"),
  FLUSH_LATENCY_MS("flush_latency_ms", "latency of the sink's newest batch flush"),
  SNAPSHOT_TABLES_REMAINING("snapshot_tables_remaining", "tables not yet snapshotted"),
  SNAPSHOT_SPLITS_PROCESSED("snapshot_splits_processed", "snapshot chunks finished"),
  SNAPSHOT_SPLITS_REMAINING("snapshot_splits_remaining", "snapshot chunks still to read"),
  SLOT_RETAINED_BYTES(
      "slot_retained_bytes",
      "PostgreSQL: WAL the pipeline's slot keeps (current LSN - restart_lsn)"),
  SLOT_ACTIVE("slot_active", "PostgreSQL: 1 when a consumer holds the pipeline's slot"),
  SLOT_SAFE_WAL_BYTES(
      "slot_safe_wal_bytes",
      "PostgreSQL: WAL the source may still write before the slot can lose WAL it needs"
          + " (max_slot_wal_keep_size); absent when unlimited"),
  LOG_GAP(
      "log_gap",
      "1 when the source's log no longer holds every change the pipeline has not read"
          + " (PostgreSQL: its slot dropped, lost, or moved while the pipeline was stopped;"
          + " MySQL/MariaDB: the binlog it resumes from was purged)"),
  BINLOG_RETENTION_SECONDS(
      "binlog_retention_seconds",
      "MySQL/MariaDB: how long the source keeps binlog files (binlog_expire_logs_seconds);"
          + " absent when it keeps them until purged by hand"),
  SOURCE_BEHIND_BYTES(
      "source_behind_bytes",
      "WAL (PostgreSQL: current LSN - confirmed_flush_lsn) or binlog (MySQL/MariaDB) not yet"
          + " confirmed by the pipeline"),
  SCHEMA_DRIFT_COLUMNS("schema_drift_columns", "target columns missing, extra or changed"),
  ROW_COUNT_MISMATCH_TABLES(
      "row_count_mismatch_tables", "tables whose source and target row counts differ"),
  EMPTY_TARGET_TABLES(
      "empty_target_tables",
      "tables whose target is empty (counted) while their source has rows, once the copy is done"),
  SOURCE_TABLES_MISSING(
      "source_tables_missing",
      "tables of the pipeline the source no longer has (dropped or renamed there); their targets"
          + " are kept"),
  ROWS_MISMATCHED(
      "rows_mismatched",
      "target rows the continuous verifier found missing, extra or different, and found so again"
          + " after the lag had passed (open findings)"),
  VERIFIED_ROWS_PER_SECOND(
      "verified_rows_per_second", "source rows the continuous verifier compared per second"),
  VERIFY_ROUND_SECONDS(
      "verify_round_seconds",
      "how long the continuous verifier's last full round over every table took"),
  ACTIVE_ALERTS("active_alerts", "alerts of the pipeline not yet resolved");

  private final String key;
  private final String help;

  PipelineMetric(String key, String help) {
    this.key = key;
    this.help = help;
  }

  /** The name in samples, JSON and Prometheus ({@code cdcflow_pipeline_<key>}). */
  public String key() {
    return key;
  }

  public String help() {
    return help;
  }

  public static java.util.Optional<PipelineMetric> byKey(String key) {
    for (PipelineMetric metric : values()) {
      if (metric.key.equals(key)) {
        return java.util.Optional.of(metric);
      }
    }
    return java.util.Optional.empty();
  }
}
