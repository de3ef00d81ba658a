package io.cdcflow.jobs.resnapshot;

import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.resnapshot.ResnapshotProgress.Origin;
import io.cdcflow.jobs.sink.TargetSession;
import io.cdcflow.jobs.source.copy.KeyRangeSplit;
import io.cdcflow.jobs.source.copy.TableCopy;
import io.cdcflow.jobs.spec.PipelineSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * One table copied again inside the running job, one step at a time on the task thread of the
 * subtask that carries the log: plan the key ranges; read one range and emit its rows (between two
 * changes of the log); then sweep the target for rows the source no longer has.
 *
 * <p>A range read now sees every change the log has already delivered, so its rows are at least as
 * new as anything emitted before them, and every change the log delivers after them is applied
 * after them, in log order: the table converges as the first copy did, without holding the log.
 */
final class TableResnapshot {

  private final int table;
  private final Deque<KeyRangeSplit> ranges;
  private ResnapshotProgress progress;
  private AbsentRowSweep sweep;
  private Connection sweepSource;
  private Connection sweepTarget;

  private TableResnapshot(int table, ResnapshotProgress progress, Deque<KeyRangeSplit> ranges) {
    this.table = table;
    this.progress = progress;
    this.ranges = ranges;
  }

  /**
   * The copy as its coordinator kept it: its ranges go on where it left them, unless the table's
   * spec changed since they were planned (then it is planned again).
   */
  static TableResnapshot of(PipelineSpec spec, ResnapshotTask task) {
    ResnapshotProgress request = task.progress();
    int index = index(spec, request.table());
    if (index < 0) {
      return new TableResnapshot(
          -1,
          request.failed("the job copies no table " + request.table(), System.currentTimeMillis()),
          new ArrayDeque<>());
    }
    boolean planned = request.phase() != ResnapshotProgress.Phase.QUEUED;
    if (planned && task.fingerprint() != fingerprint(spec, index)) {
      return new TableResnapshot(index, request.again(), new ArrayDeque<>());
    }
    try {
      return new TableResnapshot(index, request, decodeRanges(task.ranges(), index));
    } catch (IOException e) {
      return new TableResnapshot(index, request.again(), new ArrayDeque<>());
    }
  }

  /** Its progress and the ranges not yet copied, for the coordinator. */
  ResnapshotTask task(PipelineSpec spec) {
    try {
      return new ResnapshotTask(
          progress, encodeRanges(ranges), table < 0 ? 0 : fingerprint(spec, table));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The table's spec as text, hashed: ranges planned under another spec are planned again, and a
   * table copied under another spec is copied again when added.
   */
  static int fingerprint(PipelineSpec spec, int index) {
    return spec.tables().get(index).toString().hashCode();
  }

  static int index(PipelineSpec spec, String table) {
    for (int i = 0; i < spec.tables().size(); i++) {
      if (spec.tables().get(i).sourceTable().toString().equals(table)) {
        return i;
      }
    }
    return -1;
  }

  ResnapshotProgress progress() {
    return progress;
  }

  /**
   * Does the next step. A failure to read the source or sweep the target ends this table's copy
   * (the job goes on); a failure of the sink, which the emitted rows reach, fails the task as any
   * write does, and the copy resumes from the checkpoint.
   */
  void step(PipelineSpec spec, TableCopy copy, Consumer<ChangeEvent> emit) {
    try {
      switch (progress.phase()) {
        case QUEUED -> {
          Optional<String> unswept = unsweptKey(spec);
          // a table added to the pipeline is copied all the same: its target is new, or was
          // left by an earlier selection, and the copy is what it needs most
          if (unswept.isPresent() && progress.origin() == Origin.REQUESTED) {
            progress = progress.failed(unswept.get(), System.currentTimeMillis());
            return;
          }
          KeyBounds bounds = progress.bounds();
          ranges.addAll(
              bounds.whole() ? copy.plan(table) : copy.plan(table, bounds.from(), bounds.to()));
          progress = progress.copying(ranges.size());
        }
        case COPYING -> {
          Optional<String> unswept = ranges.isEmpty() ? unsweptKey(spec) : Optional.empty();
          if (unswept.isPresent()) {
            progress =
                progress.doneWithoutRemoving(
                    "target rows whose key the source lacks were not looked for: " + unswept.get(),
                    System.currentTimeMillis());
          } else if (ranges.isEmpty()) {
            startSweep(spec, copy);
          } else {
            long rows = copy.read(ranges.peek(), emit);
            ranges.poll();
            progress = progress.rangeCopied(rows);
          }
        }
        case REMOVING_ABSENT -> {
          if (sweep == null) {
            // restored in the middle of the sweep: it starts over, harmlessly
            startSweep(spec, copy);
            return;
          }
          progress = progress.removed(sweep.next());
          if (sweep.done()) {
            progress = progress.done(System.currentTimeMillis());
          }
        }
        default -> {}
      }
    } catch (IOException | SQLException e) {
      progress = progress.failed(e.getMessage(), System.currentTimeMillis());
    } finally {
      if (progress.phase().finished()) {
        close();
        copy.close();
      }
    }
  }

  /** Why the target's rows the source lacks cannot be looked for (keys of that type), if so. */
  private Optional<String> unsweptKey(PipelineSpec spec) {
    return AbsentRowSweep.unsupportedKey(spec, spec.tables().get(table));
  }

  private void startSweep(PipelineSpec spec, TableCopy copy) throws SQLException {
    copy.close(); // the ranges are read: their connection is of no further use
    progress = progress.removing();
    sweepSource = copy.openSource();
    sweepTarget = JdbcConnector.open(TargetSession.withWriteSettings(spec.target()));
    sweep =
        new AbsentRowSweep(
            spec,
            spec.tables().get(table),
            sweepSource,
            sweepTarget,
            progress.rowsCopied() > 0,
            progress.bounds());
  }

  void close() {
    sweep = null;
    closeQuietly(sweepSource);
    closeQuietly(sweepTarget);
    sweepSource = null;
    sweepTarget = null;
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // the connection is of no further use either way
      }
    }
  }

  private static final int RANGES_VERSION = 1;

  static byte[] encodeRanges(Deque<KeyRangeSplit> ranges) throws IOException {
    SimpleVersionedSerializer<KeyRangeSplit> splits = TableCopy.rangeSerializer();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(RANGES_VERSION);
      out.writeInt(splits.getVersion());
      out.writeInt(ranges.size());
      for (KeyRangeSplit range : ranges) {
        byte[] r = splits.serialize(range);
        out.writeInt(r.length);
        out.write(r);
      }
    }
    return bytes.toByteArray();
  }

  /** The ranges (none when never planned), each made a range of the table at {@code index}. */
  static Deque<KeyRangeSplit> decodeRanges(byte[] encoded, int index) throws IOException {
    Deque<KeyRangeSplit> ranges = new ArrayDeque<>();
    if (encoded.length == 0) {
      return ranges;
    }
    SimpleVersionedSerializer<KeyRangeSplit> splits = TableCopy.rangeSerializer();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      if (in.readInt() != RANGES_VERSION) {
        throw new IOException("unknown version of the ranges");
      }
      int version = in.readInt();
      for (int i = in.readInt(); i > 0; i--) {
        byte[] r = new byte[in.readInt()];
        in.readFully(r);
        KeyRangeSplit split = splits.deserialize(version, r);
        ranges.add(new KeyRangeSplit(index, split.ordinal(), split.lower(), split.upper()));
      }
      return ranges;
    }
  }
}
