package io.cdcflow.jobs.source.copy;

import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.MetricGroup;

/**
 * How far the copy of each table is, as the enumerator sees it: ranges planned and not yet handed
 * out, the planner's row estimate, and the rows of the ranges the readers reported finished ({@link
 * RangeCopied}). Kept in the enumerator's checkpoint, so a restored job goes on counting. The rate
 * is measured from this job's start only (rows restored with the state took no time here), from the
 * first range of the table handed out.
 */
final class CopyProgress {

  private final int[] ranges;
  private final int[] unassigned;
  private final long[] estimated;
  private final long[] copied;
  private final int[] finished;
  private final long[] copiedHere;
  private final long[] startedAtMs;
  private final LongSupplier clock;
  private long firstStartedAtMs;

  CopyProgress(int tables, CopySnapshotState state, LongSupplier clock) {
    this.ranges = new int[tables];
    this.unassigned = new int[tables];
    this.estimated = new long[tables];
    this.copied = new long[tables];
    this.finished = new int[tables];
    this.copiedHere = new long[tables];
    this.startedAtMs = new long[tables];
    this.clock = clock;
    for (int i = 0; i < tables; i++) {
      ranges[i] = at(state.rangesPerTable(), i).intValue();
      estimated[i] = at(state.estimatedRows(), i).longValue();
      copied[i] = at(state.copiedRows(), i).longValue();
      finished[i] = at(state.copiedRanges(), i).intValue();
    }
  }

  private static Number at(List<? extends Number> values, int i) {
    return i < values.size() ? values.get(i) : 0;
  }

  /** The planner's ranges and estimates (0 for a table it skipped). */
  void planned(List<KeyRangeSplit> splits, long[] estimatedRows) {
    splits.forEach(split -> ranges[split.table()]++);
    System.arraycopy(
        estimatedRows, 0, estimated, 0, Math.min(estimated.length, estimatedRows.length));
  }

  void queued(int table) {
    unassigned[table]++;
  }

  void handedOut(int table) {
    unassigned[table]--;
    if (startedAtMs[table] == 0) {
      startedAtMs[table] = clock.getAsLong();
    }
    if (firstStartedAtMs == 0) {
      firstStartedAtMs = startedAtMs[table];
    }
  }

  void rangeCopied(int table, long rows) {
    copied[table] += rows;
    copiedHere[table] += rows;
    finished[table]++;
  }

  /** Every range of the table was read (a range read again after a task failure counts twice). */
  private boolean done(int table) {
    return unassigned[table] == 0 && finished[table] >= ranges[table];
  }

  int total() {
    return Arrays.stream(ranges).sum();
  }

  /** Tables with ranges left to hand out, or (with {@code remaining} false) without. */
  int tables(boolean remaining, boolean planned) {
    if (!planned) {
      return remaining ? unassigned.length : 0;
    }
    int n = 0;
    for (int count : unassigned) {
      if ((count > 0) == remaining) {
        n++;
      }
    }
    return n;
  }

  List<Integer> rangesPerTable() {
    return Arrays.stream(ranges).boxed().toList();
  }

  List<Long> estimatedRows() {
    return Arrays.stream(estimated).boxed().toList();
  }

  List<Long> copiedRows() {
    return Arrays.stream(copied).boxed().toList();
  }

  List<Integer> copiedRanges() {
    return Arrays.stream(finished).boxed().toList();
  }

  /** Rows per second of the table's copy in this job; 0 before its first range or when done. */
  private double rate(int table) {
    long since = startedAtMs[table];
    if (since == 0 || copiedHere[table] == 0 || done(table)) {
      return 0;
    }
    return copiedHere[table] * 1000.0 / Math.max(1, clock.getAsLong() - since);
  }

  /** Seconds until the table's estimated rows are copied at its rate; -1 when unknown. */
  private long etaSeconds(int table) {
    if (done(table)) {
      return 0;
    }
    double rate = rate(table);
    // an estimate below the rows found: the table's last ranges are being read
    long left = Math.max(1, estimated[table] - copied[table]);
    return rate > 0 ? (long) Math.ceil(left / rate) : -1;
  }

  /** Rows per second of the whole copy in this job; 0 before its first range. */
  private double overallRate() {
    long rows = Arrays.stream(copiedHere).sum();
    return firstStartedAtMs == 0 || rows == 0
        ? 0
        : rows * 1000.0 / Math.max(1, clock.getAsLong() - firstStartedAtMs);
  }

  /**
   * Seconds until every table's estimated rows are copied at the whole copy's rate; -1: unknown.
   */
  private long overallEtaSeconds() {
    long left = 0;
    boolean done = true;
    for (int t = 0; t < estimated.length; t++) {
      if (!done(t)) {
        done = false;
        left += Math.max(1, estimated[t] - copied[t]);
      }
    }
    double rate = overallRate();
    return done ? 0 : rate > 0 ? (long) Math.ceil(left / rate) : -1;
  }

  /**
   * The per-table gauges, beside Flink CDC's split counts under the same group: rows estimated and
   * copied, the copy's rate and the seconds left at that rate.
   */
  void register(MetricGroup group, PipelineSpec spec) {
    group.gauge("numSnapshotRowsEstimated", () -> Arrays.stream(estimated).sum());
    group.gauge("numSnapshotRowsCopied", () -> Arrays.stream(copied).sum());
    group.gauge("snapshotRowsPerSecond", this::overallRate);
    group.gauge("snapshotEtaSeconds", this::overallEtaSeconds);
    for (int i = 0; i < spec.tables().size(); i++) {
      TableSpec table = spec.tables().get(i);
      int t = i;
      MetricGroup perTable =
          group
              .addGroup("namespace", spec.source().database())
              .addGroup("schema", table.sourceTable().schema())
              .addGroup("table", table.sourceTable().name());
      perTable.gauge("numSnapshotSplitsRemaining", () -> unassigned[t]);
      // ranges handed out count as processed: each reader has at most one at a time
      perTable.gauge("numSnapshotSplitsProcessed", () -> Math.max(0, ranges[t] - unassigned[t]));
      perTable.gauge("numSnapshotRowsEstimated", () -> estimated[t]);
      perTable.gauge("numSnapshotRowsCopied", () -> copied[t]);
      perTable.gauge("snapshotRowsPerSecond", () -> rate(t));
      perTable.gauge("snapshotEtaSeconds", () -> etaSeconds(t));
    }
  }
}
