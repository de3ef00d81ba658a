package io.cdcflow.jobs.source;

import io.cdcflow.jobs.event.ChangeEvent;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.mysql.source.assigners.state.BinlogPendingSplitsState;
import org.apache.flink.cdc.connectors.mysql.source.assigners.state.HybridPendingSplitsState;
import org.apache.flink.cdc.connectors.mysql.source.assigners.state.PendingSplitsState;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;

/**
 * Flink CDC's MySQL source with the two phase gauges its PostgreSQL source has ({@code
 * isSnapshotting}, {@code isStreamReading}), which its 3.5.0 enumerator does not register: the
 * platform read "streaming" only from the first change of the binlog, so an idle source stayed
 * SNAPSHOTTING for as long as nobody wrote to it. The enumerator assigns the binlog split once
 * every snapshot chunk is done; that moment is seen in the assignment it makes through its context,
 * and a restored enumerator says in its state whether it had assigned it.
 */
final class MySqlPhaseGauges implements Source<ChangeEvent, MySqlSplit, PendingSplitsState> {

  private static final long serialVersionUID = 1L;

  private final MySqlSource<ChangeEvent> source;

  MySqlPhaseGauges(MySqlSource<ChangeEvent> source) {
    this.source = source;
  }

  @Override
  public Boundedness getBoundedness() {
    return source.getBoundedness();
  }

  @Override
  public SplitEnumerator<MySqlSplit, PendingSplitsState> createEnumerator(
      SplitEnumeratorContext<MySqlSplit> context) throws Exception {
    return source.createEnumerator(new Watching(context, false));
  }

  @Override
  public SplitEnumerator<MySqlSplit, PendingSplitsState> restoreEnumerator(
      SplitEnumeratorContext<MySqlSplit> context, PendingSplitsState checkpoint) throws Exception {
    boolean assigned =
        (checkpoint instanceof HybridPendingSplitsState hybrid && hybrid.isBinlogSplitAssigned())
            || (checkpoint instanceof BinlogPendingSplitsState binlog
                && binlog.isBinlogSplitAssigned());
    return source.restoreEnumerator(new Watching(context, assigned), checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<MySqlSplit> getSplitSerializer() {
    return source.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<PendingSplitsState> getEnumeratorCheckpointSerializer() {
    return source.getEnumeratorCheckpointSerializer();
  }

  @Override
  public SourceReader<ChangeEvent, MySqlSplit> createReader(SourceReaderContext context)
      throws Exception {
    return source.createReader(context);
  }

  /** The enumerator's context, unchanged but for noticing the binlog split go out. */
  private static final class Watching implements SplitEnumeratorContext<MySqlSplit> {

    private final SplitEnumeratorContext<MySqlSplit> context;
    private volatile boolean binlogAssigned;

    Watching(SplitEnumeratorContext<MySqlSplit> context, boolean binlogAssigned) {
      this.context = context;
      this.binlogAssigned = binlogAssigned;
      SplitEnumeratorMetricGroup group = context.metricGroup();
      if (group != null) {
        group.gauge("isSnapshotting", () -> this.binlogAssigned ? 0 : 1);
        group.gauge("isStreamReading", () -> this.binlogAssigned ? 1 : 0);
      }
    }

    private void noticed(MySqlSplit split) {
      if (split.isBinlogSplit()) {
        binlogAssigned = true;
      }
    }

    @Override
    public SplitEnumeratorMetricGroup metricGroup() {
      return context.metricGroup();
    }

    @Override
    public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
      context.sendEventToSourceReader(subtaskId, event);
    }

    @Override
    public void sendEventToSourceReader(int subtaskId, int attemptNumber, SourceEvent event) {
      context.sendEventToSourceReader(subtaskId, attemptNumber, event);
    }

    @Override
    public int currentParallelism() {
      return context.currentParallelism();
    }

    @Override
    public Map<Integer, ReaderInfo> registeredReaders() {
      return context.registeredReaders();
    }

    @Override
    public Map<Integer, Map<Integer, ReaderInfo>> registeredReadersOfAttempts() {
      return context.registeredReadersOfAttempts();
    }

    @Override
    public void assignSplits(SplitsAssignment<MySqlSplit> newSplitAssignments) {
      newSplitAssignments.assignment().values().forEach(splits -> splits.forEach(this::noticed));
      context.assignSplits(newSplitAssignments);
    }

    @Override
    public void assignSplit(MySqlSplit split, int subtask) {
      noticed(split);
      context.assignSplit(split, subtask);
    }

    @Override
    public void signalNoMoreSplits(int subtask) {
      context.signalNoMoreSplits(subtask);
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
      context.callAsync(callable, handler);
    }

    @Override
    public <T> void callAsync(
        Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay, long period) {
      context.callAsync(callable, handler, initialDelay, period);
    }

    @Override
    public void runInCoordinatorThread(Runnable runnable) {
      context.runInCoordinatorThread(runnable);
    }

    @Override
    public void setIsProcessingBacklog(boolean isProcessingBacklog) {
      context.setIsProcessingBacklog(isProcessingBacklog);
    }
  }
}
