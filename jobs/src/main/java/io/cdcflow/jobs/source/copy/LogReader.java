package io.cdcflow.jobs.source.copy;

import io.cdcflow.jobs.event.ChangeEvent;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.InputStatus;

/**
 * The log's reader, unchanged but for one record: when it is given the log's split (assigned, or
 * restored from a checkpoint) it first emits {@link ChangeEvent#LOG_READ_HERE}, so that the
 * operators downstream in its task know the log is read there ({@code ResnapshotOperator}); the
 * sink skips it. The log has one split, so one reader of the job emits it.
 */
final class LogReader<SplitT extends SourceSplit> implements SourceReader<ChangeEvent, SplitT> {

  private final SourceReader<ChangeEvent, SplitT> log;
  private boolean announce;

  LogReader(SourceReader<ChangeEvent, SplitT> log) {
    this.log = log;
  }

  @Override
  public void start() {
    log.start();
  }

  @Override
  public InputStatus pollNext(ReaderOutput<ChangeEvent> output) throws Exception {
    if (announce) {
      announce = false;
      output.collect(ChangeEvent.LOG_READ_HERE);
      return InputStatus.MORE_AVAILABLE;
    }
    return log.pollNext(output);
  }

  @Override
  public List<SplitT> snapshotState(long checkpointId) {
    return log.snapshotState(checkpointId);
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return announce ? CompletableFuture.completedFuture(null) : log.isAvailable();
  }

  @Override
  public void addSplits(List<SplitT> splits) {
    log.addSplits(splits);
    announce |= !splits.isEmpty();
  }

  @Override
  public void notifyNoMoreSplits() {
    log.notifyNoMoreSplits();
  }

  @Override
  public void handleSourceEvents(SourceEvent event) {
    log.handleSourceEvents(event);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    log.notifyCheckpointComplete(checkpointId);
  }

  @Override
  public void notifyCheckpointAborted(long checkpointId) throws Exception {
    log.notifyCheckpointAborted(checkpointId);
  }

  @Override
  public void pauseOrResumeSplits(
      Collection<String> splitsToPause, Collection<String> splitsToResume) {
    log.pauseOrResumeSplits(splitsToPause, splitsToResume);
  }

  @Override
  public void close() throws Exception {
    log.close();
  }
}
