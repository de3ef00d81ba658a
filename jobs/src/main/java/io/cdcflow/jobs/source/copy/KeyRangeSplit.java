package io.cdcflow.jobs.source.copy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * The rows of one table whose first key column is at least {@code lower} and below {@code upper}
 * (null: unbounded), the bounds as PostgreSQL writes the column's values as text. Read whole by one
 * COPY; a split that was being read when the job failed is read again from its start (the sink's
 * upserts make the repeat harmless).
 *
 * @param table index into the spec's tables
 * @param ordinal position of the range within its table
 */
public record KeyRangeSplit(int table, int ordinal, String lower, String upper)
    implements SourceSplit {

  @Override
  public String splitId() {
    return table + ":" + ordinal;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(table);
    out.writeInt(ordinal);
    writeNullable(out, lower);
    writeNullable(out, upper);
  }

  static KeyRangeSplit read(DataInputStream in) throws IOException {
    return new KeyRangeSplit(in.readInt(), in.readInt(), readNullable(in), readNullable(in));
  }

  // bounds can be longer than writeUTF's 64 KB and hold any character: length-prefixed UTF-8
  private static void writeNullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
