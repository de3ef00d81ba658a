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
 * been given, and how many there were in all (ranges handed out and not finished live in the
 * readers' state).
 */
record CopySnapshotState(boolean planned, List<KeyRangeSplit> unassigned, int total) {

  CopySnapshotState {
    unassigned = List.copyOf(unassigned);
  }

  static final CopySnapshotState INITIAL = new CopySnapshotState(false, List.of(), 0);

  /** The state's checkpoint form. */
  static final class Serializer implements SimpleVersionedSerializer<CopySnapshotState> {

    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(CopySnapshotState state) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeBoolean(state.planned());
        out.writeInt(state.total());
        out.writeInt(state.unassigned().size());
        for (KeyRangeSplit split : state.unassigned()) {
          split.write(out);
        }
      }
      return bytes.toByteArray();
    }

    @Override
    public CopySnapshotState deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1) {
        throw new IOException("unknown COPY snapshot state version " + version);
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        boolean planned = in.readBoolean();
        int total = in.readInt();
        int n = in.readInt();
        List<KeyRangeSplit> splits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          splits.add(KeyRangeSplit.read(in));
        }
        return new CopySnapshotState(planned, splits, total);
      }
    }
  }
}
