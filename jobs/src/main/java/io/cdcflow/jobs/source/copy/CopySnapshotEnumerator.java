package io.cdcflow.jobs.source.copy;

import io.cdcflow.jobs.spec.PipelineSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the tables into key ranges once (off the coordinator thread; the result is checkpointed,
 * so a restored job reads the same ranges) and hands them out one at a time to readers that ask: a
 * fast reader takes more. Reports the snapshot progress under the metric names Flink CDC's
 * enumerator uses, so monitoring reads both alike. When the log is read after the copy, its
 * enumerator finds these names taken (Flink keeps the first gauge of a name), so these gauges
 * report the hand-over too ({@link #handedOver}).
 */
final class CopySnapshotEnumerator implements SplitEnumerator<KeyRangeSplit, CopySnapshotState> {

  private static final Logger LOG = LoggerFactory.getLogger(CopySnapshotEnumerator.class);

  private final SplitEnumeratorContext<KeyRangeSplit> context;
  private final PipelineSpec spec;
  private final Deque<KeyRangeSplit> unassigned = new ArrayDeque<>();

  /** Requests not answered yet, a subtask once for each (a reader holds more than one range). */
  private final List<Integer> waiting = new ArrayList<>();

  /**
   * Readers told there are no more ranges. A reader asks while it still reads its other range, so
   * it may be told that before it ends; a range that a failed reader gives back later must go to a
   * reader that has not been told (or to the failed one, when it registers again), never to one
   * that may already have ended its input.
   */
  private final Set<Integer> toldNoMore = new HashSet<>();

  private final CopyProgress progress;
  private final boolean streamFollows;
  private volatile boolean handedOver;
  private boolean planned;
  private String logStart;
  private boolean logStartKept;
  private long logStartCheckpoint = -1;

  CopySnapshotEnumerator(
      SplitEnumeratorContext<KeyRangeSplit> context,
      PipelineSpec spec,
      CopySnapshotState state,
      boolean streamFollows) {
    this.context = context;
    this.spec = spec;
    this.streamFollows = streamFollows;
    this.progress = new CopyProgress(spec.tables().size(), state, System::currentTimeMillis);
    this.planned = state.planned();
    this.logStart = state.logStart();
    // restored: the position is in a completed checkpoint (or there is none to keep)
    this.logStartKept = planned;
    state.unassigned().forEach(this::queue);
    registerMetrics();
  }

  @Override
  public void start() {
    if (!planned) {
      context.callAsync(() -> KeyRangePlanner.of(spec).plan(streamFollows), this::planned);
    }
  }

  private void planned(KeyRangePlanner.Plan plan, Throwable error) {
    if (error != null) {
      throw new FlinkRuntimeException(
          "cannot split the tables of " + spec.source() + " into key ranges: " + error.getMessage(),
          error);
    }
    List<KeyRangeSplit> splits = plan.splits();
    logStart = plan.logStart();
    logStartKept = logStart == null;
    splits.forEach(this::queue);
    progress.planned(splits, plan.estimatedRows());
    planned = true;
    LOG.info(
        "{} tables split into {} key ranges{}",
        spec.tables().size(),
        splits.size(),
        logStart == null ? "" : "; the log is read from " + logStart + " after the copy");
    assignWaiting();
  }

  private void assignWaiting() {
    List<Integer> first = new ArrayList<>();
    List<Integer> more = new ArrayList<>();
    for (int subtask : waiting) {
      (first.contains(subtask) ? more : first).add(subtask);
    }
    waiting.clear();
    // every reader gets a range before any gets its next: two ranges go to two readers
    first.forEach(this::assign);
    more.forEach(this::assign);
  }

  @Override
  public void handleSplitRequest(int subtask, String requesterHostname) {
    if (!planned || !logStartKept) {
      waiting.add(subtask);
      return;
    }
    assign(subtask);
  }

  private void assign(int subtask) {
    if (!context.registeredReaders().containsKey(subtask)) {
      return; // the reader failed meanwhile; it asks again when it is back
    }
    if (toldNoMore.contains(subtask)) {
      return;
    }
    KeyRangeSplit next = unassigned.poll();
    if (next == null) {
      toldNoMore.add(subtask);
      context.signalNoMoreSplits(subtask);
      return;
    }
    progress.handedOut(next.table());
    context.assignSplit(next, subtask);
  }

  @Override
  public void addSplitsBack(List<KeyRangeSplit> splits, int subtask) {
    // ranges of a failed reader are read again, first
    for (int i = splits.size() - 1; i >= 0; i--) {
      unassigned.addFirst(splits.get(i));
      progress.queued(splits.get(i).table());
    }
  }

  @Override
  public void handleSourceEvent(int subtask, SourceEvent event) {
    if (event instanceof RangeCopied copied) {
      progress.rangeCopied(copied.table(), copied.rows());
    }
  }

  @Override
  public void addReader(int subtask) {
    // readers ask for their first ranges themselves; a reader registering again is a new attempt,
    // whose earlier attempt's requests are void
    toldNoMore.remove(subtask);
    waiting.removeIf(s -> s == subtask);
  }

  @Override
  public CopySnapshotState snapshotState(long checkpointId) {
    if (planned && !logStartKept && logStartCheckpoint < 0) {
      logStartCheckpoint = checkpointId;
    }
    return new CopySnapshotState(
        planned,
        List.copyOf(unassigned),
        progress.rangesPerTable(),
        logStart,
        progress.estimatedRows(),
        progress.copiedRows(),
        progress.copiedRanges());
  }

  /**
   * No range is read before a checkpoint holding the log's start position has completed: a job
   * restarted without one would take a later position, and a row copied by the failed attempt and
   * deleted in between would stay in the target.
   */
  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    if (!logStartKept && logStartCheckpoint >= 0 && checkpointId >= logStartCheckpoint) {
      logStartKept = true;
      assignWaiting();
    }
  }

  @Override
  public void close() {}

  /** Where the log that follows is read from, when the planner took it; else null. */
  String logStart() {
    return logStart;
  }

  /** Every reader has ended its copy and the job now reads the log. */
  void handedOver() {
    handedOver = true;
  }

  private void queue(KeyRangeSplit split) {
    unassigned.add(split);
    progress.queued(split.table());
  }

  /** Ranges handed out count as processed. */
  private void registerMetrics() {
    MetricGroup group = context.metricGroup();
    if (group == null) {
      return;
    }
    // a full load snapshots until its bounded job ends
    group.gauge("isSnapshotting", () -> handedOver ? 0 : 1);
    group.gauge("isStreamReading", () -> streamFollows && handedOver ? 1 : 0);
    group.gauge("numSnapshotSplitsRemaining", unassigned::size);
    group.gauge(
        "numSnapshotSplitsProcessed",
        () -> planned ? Math.max(0, progress.total() - unassigned.size()) : 0);
    group.gauge("numTablesRemaining", () -> progress.tables(true, planned));
    group.gauge("numTablesSnapshotted", () -> progress.tables(false, planned));
    progress.register(group, spec);
  }
}
