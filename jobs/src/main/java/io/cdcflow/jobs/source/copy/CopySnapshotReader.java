package io.cdcflow.jobs.source.copy;

import io.cdcflow.jobs.event.ChangeEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.core.io.InputStatus;

/**
 * A source subtask: holds {@link #RANGES_HELD} key ranges from the enumerator, asking for another
 * whenever one is read, reads them one after the other on one fetcher thread ({@link
 * KeyRangeReader}) and emits their rows as they are.
 *
 * <p>When the log is read after the copy, the reader holds back its end of input until a checkpoint
 * taken after its last row has completed: its barrier followed every row into the sink, which
 * writes its buffer before it acknowledges, so no change of the log can overtake a copied row on
 * its way to the target.
 */
final class CopySnapshotReader
    extends SingleThreadMultiplexSourceReaderBase<
        ChangeEvent, ChangeEvent, KeyRangeSplit, CopySnapshotReader.RangeRead> {

  /** A range being read, and the rows emitted of it so far. */
  static final class RangeRead {
    final KeyRangeSplit range;
    long rows;

    RangeRead(KeyRangeSplit range) {
      this.range = range;
    }
  }

  /**
   * The range being read and the next one, queued on the same fetcher. Flink closes a fetcher that
   * has no split left, with its reader and that reader's source connection: with one range at a
   * time each range paid for a new connection and thread, and for the round trip to the enumerator
   * with nothing read meanwhile (measured: a new source session every 0.6 s per reader).
   */
  static final int RANGES_HELD = 2;

  private final boolean streamFollows;
  private final SourceSession session;
  private final CompletableFuture<Void> written = new CompletableFuture<>();
  private boolean copied;
  private long firstCheckpointAfterCopy = -1;

  CopySnapshotReader(
      Function<SourceSession, KeyRangeReader> ranges,
      SourceSession session,
      SourceReaderContext context,
      boolean streamFollows) {
    super(
        () -> ranges.apply(session),
        (event, output, range) -> {
          output.collect(event);
          range.rows++;
        },
        new Configuration(),
        context);
    this.streamFollows = streamFollows;
    this.session = session;
  }

  @Override
  public void close() throws Exception {
    try {
      super.close();
    } finally {
      session.close();
    }
  }

  @Override
  public void start() {
    for (int held = getNumberOfCurrentlyAssignedSplits(); held < RANGES_HELD; held++) {
      context.sendSplitRequest();
    }
  }

  @Override
  public InputStatus pollNext(ReaderOutput<ChangeEvent> output) throws Exception {
    InputStatus status = super.pollNext(output);
    if (status != InputStatus.END_OF_INPUT || !streamFollows || written.isDone()) {
      return status;
    }
    copied = true;
    return InputStatus.NOTHING_AVAILABLE;
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return copied && !written.isDone() ? written : super.isAvailable();
  }

  @Override
  public List<KeyRangeSplit> snapshotState(long checkpointId) {
    if (copied && firstCheckpointAfterCopy < 0) {
      firstCheckpointAfterCopy = checkpointId;
    }
    return super.snapshotState(checkpointId);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    if (firstCheckpointAfterCopy >= 0 && checkpointId >= firstCheckpointAfterCopy) {
      written.complete(null);
    }
  }

  @Override
  protected void onSplitFinished(Map<String, RangeRead> finished) {
    for (RangeRead read : finished.values()) {
      context.sendSourceEventToCoordinator(new RangeCopied(read.range.table(), read.rows));
    }
    context.sendSplitRequest();
  }

  @Override
  protected RangeRead initializedState(KeyRangeSplit split) {
    return new RangeRead(split);
  }

  @Override
  protected KeyRangeSplit toSplitType(String splitId, RangeRead state) {
    return state.range;
  }
}
