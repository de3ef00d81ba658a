package io.cdcflow.jobs.resnapshot;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;

/**
 * One table's copy-again as its coordinator keeps it: its progress, the key ranges not yet copied
 * (as {@link TableResnapshot#encodeRanges} writes them; empty before they are planned), and the
 * fingerprint of the table's spec they were planned for (a table whose spec changed meanwhile is
 * planned again).
 */
record ResnapshotTask(ResnapshotProgress progress, byte[] ranges, int fingerprint)
    implements Serializable {

  static ResnapshotTask queued(ResnapshotProgress progress) {
    return new ResnapshotTask(progress, new byte[0], 0);
  }

  void write(DataOutputStream out) throws IOException {
    progress.write(out);
    out.writeInt(ranges.length);
    out.write(ranges);
    out.writeInt(fingerprint);
  }

  static ResnapshotTask read(DataInputStream in, int version) throws IOException {
    ResnapshotProgress progress = ResnapshotProgress.read(in, version);
    byte[] ranges = new byte[in.readInt()];
    in.readFully(ranges);
    return new ResnapshotTask(progress, ranges, in.readInt());
  }
}
