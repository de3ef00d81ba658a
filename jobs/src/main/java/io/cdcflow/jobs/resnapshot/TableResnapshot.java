package io.cdcflow.jobs.resnapshot;

import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.source.copy.KeyRangeSplit;
import io.cdcflow.jobs.source.copy.TableCopy;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.sql.Connection;
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

  static TableResnapshot of(PipelineSpec spec, ResnapshotProgress request) {
    for (int i = 0; i < spec.tables().size(); i++) {
      if (spec.tables().get(i).sourceTable().toString().equals(request.table())) {
        return new TableResnapshot(i, request, new ArrayDeque<>());
      }
    }
    return new TableResnapshot(
        -1,
        request.failed("the job copies no table " + request.table(), System.currentTimeMillis()),
        new ArrayDeque<>());
  }

  ResnapshotProgress progress() {
    return progress;
  }

  /** Does the next step; a failure ends this table's copy (the job goes on). */
  void step(PipelineSpec spec, TableCopy copy, Consumer<ChangeEvent> emit) {
    try {
      switch (progress.phase()) {
        case QUEUED -> {
          ranges.addAll(copy.plan(table));
          progress = progress.copying(ranges.size());
        }
        case COPYING -> {
          if (ranges.isEmpty()) {
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
    } catch (Exception e) {
      progress = progress.failed(String.valueOf(e.getMessage()), System.currentTimeMillis());
    } finally {
      if (progress.phase().finished()) {
        close();
      }
    }
  }

  private void startSweep(PipelineSpec spec, TableCopy copy) throws Exception {
    TableSpec t = spec.tables().get(table);
    Optional<String> unsupported = AbsentRowSweep.unsupportedKey(t);
    progress = progress.removing(unsupported.orElse(null));
    if (unsupported.isPresent()) {
      progress = progress.done(System.currentTimeMillis());
      return;
    }
    sweepSource = copy.openSource();
    sweepTarget = JdbcConnector.open(spec.target());
    sweep = new AbsentRowSweep(spec, t, sweepSource, sweepTarget);
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

  /** Its progress and the ranges not yet copied, for the operator's state. */
  byte[] serialize() throws IOException {
    SimpleVersionedSerializer<KeyRangeSplit> splits = TableCopy.rangeSerializer();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(table);
      progress.write(out);
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

  static TableResnapshot deserialize(byte[] serialized) throws IOException {
    SimpleVersionedSerializer<KeyRangeSplit> splits = TableCopy.rangeSerializer();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      int table = in.readInt();
      ResnapshotProgress progress = ResnapshotProgress.read(in);
      int version = in.readInt();
      int count = in.readInt();
      Deque<KeyRangeSplit> ranges = new ArrayDeque<>(count);
      for (int i = 0; i < count; i++) {
        ranges.add(splits.deserialize(version, readBytes(in)));
      }
      return new TableResnapshot(table, progress, ranges);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }
}
