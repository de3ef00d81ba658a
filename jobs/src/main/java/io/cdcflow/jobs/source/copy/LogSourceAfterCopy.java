package io.cdcflow.jobs.source.copy;

import io.cdcflow.jobs.event.ChangeEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
@SuppressWarnings({"unchecked", "rawtypes"})
final class LogSourceAfterCopy<SplitT extends SourceSplit, CheckpointT>
    implements Source<ChangeEvent, SplitT, LogSourceAfterCopy.Checkpoint<CheckpointT>> {

  private static final long serialVersionUID = 1L;

  /**
   * The log's checkpoint with the position the log started from, so that a job restored while
   * reading the log builds its log source from the same position (Flink CDC's MySQL enumerator
   * builds its binlog split from its startup options when it had not handed the split out yet).
   */
  record Checkpoint<C>(String start, C log) {}

  private final CopySnapshotSource.LogAfterCopy factory;
  private final String start;
  private transient Source<ChangeEvent, SplitT, CheckpointT> log;

  private LogSourceAfterCopy(CopySnapshotSource.LogAfterCopy factory, String start) {
    this.factory = factory;
    this.start = start;
  }

  /**
   * @param start as the copy took it; null when the source keeps it (PostgreSQL's slot) or when
   *     restored while reading the log (the checkpoint then has it)
   */
  static LogSourceAfterCopy<?, ?> of(CopySnapshotSource.LogAfterCopy factory, String start) {
    return new LogSourceAfterCopy<>(factory, start);
  }

  private Source<ChangeEvent, SplitT, CheckpointT> log() {
    if (log == null) {
      log = (Source<ChangeEvent, SplitT, CheckpointT>) factory.startingAt(start);
    }
    return log;
  }

  @Override
  public Boundedness getBoundedness() {
    return log().getBoundedness();
  }

  @Override
  public SplitEnumerator<SplitT, Checkpoint<CheckpointT>> createEnumerator(
      SplitEnumeratorContext<SplitT> context) throws Exception {
    return new Enumerator<>(log().createEnumerator(context), false, start);
  }

  @Override
  public SplitEnumerator<SplitT, Checkpoint<CheckpointT>> restoreEnumerator(
      SplitEnumeratorContext<SplitT> context, Checkpoint<CheckpointT> checkpoint) throws Exception {
    // restored from a checkpoint taken while reading the log: coordinator and tasks agree
    Source<ChangeEvent, SplitT, CheckpointT> restored =
        (Source<ChangeEvent, SplitT, CheckpointT>) factory.startingAt(checkpoint.start());
    return new Enumerator<>(
        restored.restoreEnumerator(context, checkpoint.log()), true, checkpoint.start());
  }

  @Override
  public SimpleVersionedSerializer<SplitT> getSplitSerializer() {
    return log().getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<Checkpoint<CheckpointT>> getEnumeratorCheckpointSerializer() {
    return new CheckpointSerializer<>(log().getEnumeratorCheckpointSerializer());
  }

  @Override
  public SourceReader<ChangeEvent, SplitT> createReader(SourceReaderContext context)
      throws Exception {
    return new LogReader<>(log().createReader(context));
  }

  /**
   * The log's own checkpoint after the start position. Versions below {@link #WRAPPED} are the
   * log's own format, written before the position was kept (from PostgreSQL, whose slot has it).
   */
  static final class CheckpointSerializer<C> implements SimpleVersionedSerializer<Checkpoint<C>> {

    static final int WRAPPED = 1 << 20;

    private final SimpleVersionedSerializer<C> log;

    CheckpointSerializer(SimpleVersionedSerializer<C> log) {
      this.log = log;
    }

    @Override
    public int getVersion() {
      return WRAPPED + log.getVersion();
    }

    @Override
    public byte[] serialize(Checkpoint<C> checkpoint) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeBoolean(checkpoint.start() != null);
        if (checkpoint.start() != null) {
          out.writeUTF(checkpoint.start());
        }
        byte[] inner = log.serialize(checkpoint.log());
        out.writeInt(inner.length);
        out.write(inner);
      }
      return bytes.toByteArray();
    }

    @Override
    public Checkpoint<C> deserialize(int version, byte[] serialized) throws IOException {
      if (version < WRAPPED) {
        return new Checkpoint<>(null, log.deserialize(version, serialized));
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        String start = in.readBoolean() ? in.readUTF() : null;
        byte[] inner = new byte[in.readInt()];
        in.readFully(inner);
        return new Checkpoint<>(start, log.deserialize(version - WRAPPED, inner));
      }
    }
  }

  private static final class Enumerator<SplitT extends SourceSplit, CheckpointT>
      implements SplitEnumerator<SplitT, Checkpoint<CheckpointT>> {

    private final SplitEnumerator<SplitT, CheckpointT> log;
    private final String start;
    private boolean checkpointed;
    // a checkpoint that began before the switch holds the copy, not this enumerator
    private long firstSnapshot = Long.MAX_VALUE;

    Enumerator(SplitEnumerator<SplitT, CheckpointT> log, boolean checkpointed, String start) {
      this.log = log;
      this.checkpointed = checkpointed;
      this.start = start;
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
    public Checkpoint<CheckpointT> snapshotState(long checkpointId) throws Exception {
      firstSnapshot = Math.min(firstSnapshot, checkpointId);
      return new Checkpoint<>(start, log.snapshotState(checkpointId));
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
