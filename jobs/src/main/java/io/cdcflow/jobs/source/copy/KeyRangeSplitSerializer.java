package io.cdcflow.jobs.source.copy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Key ranges in checkpoints and on their way from the enumerator to the readers. */
final class KeyRangeSplitSerializer implements SimpleVersionedSerializer<KeyRangeSplit> {

  static final KeyRangeSplitSerializer INSTANCE = new KeyRangeSplitSerializer();

  @Override
  public int getVersion() {
    return 1;
  }

  @Override
  public byte[] serialize(KeyRangeSplit split) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      split.write(out);
    }
    return bytes.toByteArray();
  }

  @Override
  public KeyRangeSplit deserialize(int version, byte[] serialized) throws IOException {
    if (version != 1) {
      throw new IOException("unknown key range version " + version);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      return KeyRangeSplit.read(in);
    }
  }
}
