package io.cdcflow.jobs.source.copy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * What the enumerator checkpoints: whether the tables have been split yet, the ranges no reader has
 * been given, and how many each table had (ranges handed out and not finished live in the readers'
 * state).
 *
 * @param rangesPerTable by table index; empty before planning
 * @param logStart where the log that follows is read from, when the planner took it (MySQL's binlog
 *     position); null otherwise
 * @param estimatedRows the planner's row estimate by table index
 * @param copiedRows rows of the ranges finished, by table index
 * @param copiedRanges ranges finished, by table index
 */
record CopySnapshotState(
    boolean planned,
    List<KeyRangeSplit> unassigned,
    List<Integer> rangesPerTable,
    String logStart,
    List<Long> estimatedRows,
    List<Long> copiedRows,
    List<Integer> copiedRanges) {

  CopySnapshotState {
    unassigned = List.copyOf(unassigned);
    rangesPerTable = List.copyOf(rangesPerTable);
    estimatedRows = List.copyOf(estimatedRows);
    copiedRows = List.copyOf(copiedRows);
    copiedRanges = List.copyOf(copiedRanges);
  }

  static final CopySnapshotState INITIAL =
      new CopySnapshotState(false, List.of(), List.of(), null, List.of(), List.of(), List.of());

  /** The state's checkpoint form. */
  static final class Serializer implements SimpleVersionedSerializer<CopySnapshotState> {

    @Override
    public int getVersion() {
      return 3;
    }

    @Override
    public byte[] serialize(CopySnapshotState state) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeBoolean(state.planned());
        out.writeInt(state.rangesPerTable().size());
        for (int ranges : state.rangesPerTable()) {
          out.writeInt(ranges);
        }
        out.writeInt(state.unassigned().size());
        for (KeyRangeSplit split : state.unassigned()) {
          split.write(out);
        }
        out.writeBoolean(state.logStart() != null);
        if (state.logStart() != null) {
          out.writeUTF(state.logStart());
        }
        writeLongs(out, state.estimatedRows());
        writeLongs(out, state.copiedRows());
        out.writeInt(state.copiedRanges().size());
        for (int ranges : state.copiedRanges()) {
          out.writeInt(ranges);
        }
      }
      return bytes.toByteArray();
    }

    @Override
    public CopySnapshotState deserialize(int version, byte[] serialized) throws IOException {
      if (version < 1 || version > 3) {
        throw new IOException("unknown COPY snapshot state version " + version);
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        boolean planned = in.readBoolean();
        // version 1 kept the total only: the per-table figures of such a restored load start at 0
        int tables = version == 1 ? skipTotal(in) : in.readInt();
        List<Integer> rangesPerTable = new ArrayList<>(tables);
        for (int i = 0; i < tables; i++) {
          rangesPerTable.add(in.readInt());
        }
        int n = in.readInt();
        List<KeyRangeSplit> splits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          splits.add(KeyRangeSplit.read(in));
        }
        // before version 3 only PostgreSQL sources were copied, and their slot keeps the position;
        // their row figures start at 0
        String logStart = version >= 3 && in.readBoolean() ? in.readUTF() : null;
        List<Long> estimated = version >= 3 ? readLongs(in) : List.of();
        List<Long> copied = version >= 3 ? readLongs(in) : List.of();
        List<Integer> finished = new ArrayList<>();
        for (int i = version >= 3 ? in.readInt() : 0; i > 0; i--) {
          finished.add(in.readInt());
        }
        return new CopySnapshotState(
            planned, splits, rangesPerTable, logStart, estimated, copied, finished);
      }
    }

    private static void writeLongs(DataOutputStream out, List<Long> values) throws IOException {
      out.writeInt(values.size());
      for (long v : values) {
        out.writeLong(v);
      }
    }

    private static List<Long> readLongs(DataInputStream in) throws IOException {
      int n = in.readInt();
      List<Long> values = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        values.add(in.readLong());
      }
      return values;
    }

    private static int skipTotal(DataInputStream in) throws IOException {
      in.readInt();
      return 0;
    }
  }
}
