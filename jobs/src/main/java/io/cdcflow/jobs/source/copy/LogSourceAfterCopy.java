package io.cdcflow.jobs.source.copy;

import io.cdcflow.jobs.event.ChangeEvent;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.FlinkRuntimeException;

/**
 * The log source of a {@link CopySnapshotSource#thenRead hybrid} job, unchanged but for one case.
 * Flink resets a failed task to the last checkpoint but not the source's coordinator, and the
 * hybrid source's coordinator cannot go back to the copy: a task that fails after the switch to the
 * log and before the first checkpoint that follows it would be restored as a copy reader while the
 * coordinator hands it the log's split ("Split ... while current source is 0"), and the job would
 * fail until its restarts run out. So until that checkpoint completes, a split handed back by a
 * failed task fails the coordinator instead: Flink then restores the whole job, coordinator too,
 * from the checkpoint before the switch, and the copy ends and hands over again.
 */
final class LogSourceAfterCopy<SplitT extends SourceSplit, CheckpointT>
    implements Source<ChangeEvent, SplitT, CheckpointT> {

  private static final long serialVersionUID = 1L;

  private final Source<ChangeEvent, SplitT, CheckpointT> log;

  private LogSourceAfterCopy(Source<ChangeEvent, SplitT, CheckpointT> log) {
    this.log = log;
  }

  static <S extends SourceSplit, C> LogSourceAfterCopy<S, C> of(Source<ChangeEvent, S, C> log) {
    return new LogSourceAfterCopy<>(log);
  }

  @Override
  public Boundedness getBoundedness() {
    return log.getBoundedness();
  }

  @Override
  public SplitEnumerator<SplitT, CheckpointT> createEnumerator(
      SplitEnumeratorContext<SplitT> context) throws Exception {
    return new Enumerator<>(log.createEnumerator(context), false);
  }

  @Override
  public SplitEnumerator<SplitT, CheckpointT> restoreEnumerator(
      SplitEnumeratorContext<SplitT> context, CheckpointT checkpoint) throws Exception {
    // restored from a checkpoint taken while reading the log: coordinator and tasks agree
    return new Enumerator<>(log.restoreEnumerator(context, checkpoint), true);
  }

  @Override
  public SimpleVersionedSerializer<SplitT> getSplitSerializer() {
    return log.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<CheckpointT> getEnumeratorCheckpointSerializer() {
    return log.getEnumeratorCheckpointSerializer();
  }

  @Override
  public SourceReader<ChangeEvent, SplitT> createReader(SourceReaderContext context)
      throws Exception {
    return log.createReader(context);
  }

  private static final class Enumerator<SplitT extends SourceSplit, CheckpointT>
      implements SplitEnumerator<SplitT, CheckpointT> {

    private final SplitEnumerator<SplitT, CheckpointT> log;
    private boolean checkpointed;
    // a checkpoint that began before the switch holds the copy, not this enumerator
    private long firstSnapshot = Long.MAX_VALUE;

    Enumerator(SplitEnumerator<SplitT, CheckpointT> log, boolean checkpointed) {
      this.log = log;
      this.checkpointed = checkpointed;
    }

    @Override
    public void start() {
      log.start();
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
      log.handleSplitRequest(subtaskId, requesterHostname);
    }

    @Override
    public void addSplitsBack(List<SplitT> splits, int subtaskId) {
      if (!checkpointed && !splits.isEmpty()) {
        throw new FlinkRuntimeException(
            "subtask "
                + subtaskId
                + " failed before the first checkpoint after the copy handed over to the log;"
                + " restarting the whole job from the checkpoint before the hand-over");
      }
      log.addSplitsBack(splits, subtaskId);
    }

    @Override
    public void addReader(int subtaskId) {
      log.addReader(subtaskId);
    }

    @Override
    public CheckpointT snapshotState(long checkpointId) throws Exception {
      firstSnapshot = Math.min(firstSnapshot, checkpointId);
      return log.snapshotState(checkpointId);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
      checkpointed |= checkpointId >= firstSnapshot;
      log.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
      log.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
      log.handleSourceEvent(subtaskId, sourceEvent);
    }

    @Override
    public void close() throws java.io.IOException {
      log.close();
    }
  }
}
