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
 */
record CopySnapshotState(
    boolean planned,
    List<KeyRangeSplit> unassigned,
    List<Integer> rangesPerTable,
    String logStart) {

  CopySnapshotState {
    unassigned = List.copyOf(unassigned);
    rangesPerTable = List.copyOf(rangesPerTable);
  }

  static final CopySnapshotState INITIAL = new CopySnapshotState(false, List.of(), List.of(), null);

  int total() {
    return rangesPerTable.stream().mapToInt(Integer::intValue).sum();
  }

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
        // before version 3 only PostgreSQL sources were copied, and their slot keeps the position
        String logStart = version >= 3 && in.readBoolean() ? in.readUTF() : null;
        return new CopySnapshotState(planned, splits, rangesPerTable, logStart);
      }
    }

    private static int skipTotal(DataInputStream in) throws IOException {
      in.readInt();
      return 0;
    }
  }
}
