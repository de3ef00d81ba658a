package io.cdcflow.jobs.resnapshot;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;

/**
 * The part of a table a copy-again covers: the rows whose first key column is at least {@code from}
 * and at most {@code to}, as the source writes the values as text; null is unbounded. The whole
 * table is {@link #WHOLE}.
 */
public record KeyBounds(String from, String to) implements Serializable {

  public static final KeyBounds WHOLE = new KeyBounds(null, null);

  public boolean whole() {
    return from == null && to == null;
  }

  /** Whether these bounds hold every row {@code other}'s do. */
  boolean covers(KeyBounds other) {
    return whole() || equals(other);
  }

  void write(DataOutputStream out) throws IOException {
    writeNullable(out, from);
    writeNullable(out, to);
  }

  static KeyBounds read(DataInputStream in) throws IOException {
    KeyBounds b = new KeyBounds(readNullable(in), readNullable(in));
    return b.whole() ? WHOLE : b;
  }

  private static void writeNullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  @Override
  public String toString() {
    return Objects.toString(from, "") + ".." + Objects.toString(to, "");
  }
}
