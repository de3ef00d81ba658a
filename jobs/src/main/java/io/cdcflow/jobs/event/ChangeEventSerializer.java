package io.cdcflow.jobs.event;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for {@link ChangeEvent}: a tag byte per value, no class names, no Kryo. The
 * format is versioned through {@link Snapshot}; change it only with a new version once events are
 * kept in operator state (today they only travel between tasks).
 */
public final class ChangeEventSerializer extends TypeSerializerSingleton<ChangeEvent> {

  private static final long serialVersionUID = 1L;

  public static final ChangeEventSerializer INSTANCE = new ChangeEventSerializer();

  private static final byte NULL = 0;
  private static final byte UNAVAILABLE = 1;
  private static final byte ABSENT = 2;
  private static final byte BOOLEAN = 3;
  private static final byte LONG = 4;
  private static final byte FLOAT = 5;
  private static final byte DOUBLE = 6;
  private static final byte DECIMAL = 7;
  private static final byte STRING = 8;
  private static final byte BYTES = 9;
  private static final byte DATE = 10;
  private static final byte TIMESTAMP = 11;
  private static final byte TIMESTAMP_TZ = 12;

  private static final ColumnChange.Kind[] KINDS = ColumnChange.Kind.values();
  private static final ChangeEvent.Op[] OPS = ChangeEvent.Op.values();

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public ChangeEvent createInstance() {
    return new ChangeEvent(0, ChangeEvent.Op.UPSERT, new Object[0], 0, List.of());
  }

  @Override
  public ChangeEvent copy(ChangeEvent from) {
    return from;
  }

  @Override
  public ChangeEvent copy(ChangeEvent from, ChangeEvent reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(ChangeEvent event, DataOutputView out) throws IOException {
    out.writeInt(event.table());
    out.writeByte(event.op().ordinal());
    out.writeLong(event.sourceTimestampMs());
    out.writeLong(event.sourcePosition());
    List<ColumnChange> changes = event.columnChanges();
    out.writeShort(changes.size());
    for (ColumnChange c : changes) {
      out.writeByte(c.kind().ordinal());
      writeString(c.origin(), out);
      writeString(c.name(), out);
      writeOptionalString(c.targetType(), out);
      out.writeBoolean(c.nullable());
      writeOptionalString(c.defaultLiteral(), out);
    }
    Object[] values = event.values();
    out.writeShort(values.length);
    for (Object v : values) {
      writeValue(v, out);
    }
  }

  @Override
  public ChangeEvent deserialize(DataInputView in) throws IOException {
    int table = in.readInt();
    ChangeEvent.Op op = OPS[in.readByte()];
    long ts = in.readLong();
    long position = in.readLong();
    int changeCount = in.readShort();
    List<ColumnChange> changes = changeCount == 0 ? List.of() : new ArrayList<>(changeCount);
    for (int i = 0; i < changeCount; i++) {
      changes.add(
          new ColumnChange(
              KINDS[in.readByte()],
              readString(in),
              readString(in),
              readOptionalString(in),
              in.readBoolean(),
              readOptionalString(in)));
    }
    Object[] values = new Object[in.readShort()];
    for (int i = 0; i < values.length; i++) {
      values[i] = readValue(in);
    }
    return new ChangeEvent(table, op, values, ts, position, changes);
  }

  @Override
  public ChangeEvent deserialize(ChangeEvent reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  @Override
  public TypeSerializerSnapshot<ChangeEvent> snapshotConfiguration() {
    return new Snapshot();
  }

  private static void writeValue(Object v, DataOutputView out) throws IOException {
    if (v == null) {
      out.writeByte(NULL);
    } else if (v == ChangeEvent.UNAVAILABLE) {
      out.writeByte(UNAVAILABLE);
    } else if (v == ChangeEvent.ABSENT) {
      out.writeByte(ABSENT);
    } else if (v instanceof Boolean b) {
      out.writeByte(BOOLEAN);
      out.writeBoolean(b);
    } else if (v instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (v instanceof Float f) {
      out.writeByte(FLOAT);
      out.writeFloat(f);
    } else if (v instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeDouble(d);
    } else if (v instanceof BigDecimal d) {
      out.writeByte(DECIMAL);
      out.writeInt(d.scale());
      writeBytes(d.unscaledValue().toByteArray(), out);
    } else if (v instanceof String s) {
      out.writeByte(STRING);
      writeString(s, out);
    } else if (v instanceof byte[] bytes) {
      out.writeByte(BYTES);
      writeBytes(bytes, out);
    } else if (v instanceof LocalDate d) {
      out.writeByte(DATE);
      out.writeLong(d.toEpochDay());
    } else if (v instanceof LocalDateTime t) {
      out.writeByte(TIMESTAMP);
      out.writeLong(t.toEpochSecond(ZoneOffset.UTC));
      out.writeInt(t.getNano());
    } else if (v instanceof OffsetDateTime t) {
      out.writeByte(TIMESTAMP_TZ);
      out.writeLong(t.toEpochSecond());
      out.writeInt(t.getNano());
      out.writeInt(t.getOffset().getTotalSeconds());
    } else {
      throw new IOException(
          "ChangeEvent value of unsupported class " + v.getClass().getName() + " (a bug)");
    }
  }

  private static Object readValue(DataInputView in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case NULL -> null;
      case UNAVAILABLE -> ChangeEvent.UNAVAILABLE;
      case ABSENT -> ChangeEvent.ABSENT;
      case BOOLEAN -> in.readBoolean();
      case LONG -> in.readLong();
      case FLOAT -> in.readFloat();
      case DOUBLE -> in.readDouble();
      case DECIMAL -> {
        int scale = in.readInt();
        yield new BigDecimal(new BigInteger(readBytes(in)), scale);
      }
      case STRING -> readString(in);
      case BYTES -> readBytes(in);
      case DATE -> LocalDate.ofEpochDay(in.readLong());
      case TIMESTAMP -> LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC);
      case TIMESTAMP_TZ -> {
        long seconds = in.readLong();
        int nanos = in.readInt();
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(in.readInt());
        yield OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(seconds, nanos), offset);
      }
      default -> throw new IOException("corrupt ChangeEvent: unknown value tag " + tag);
    };
  }

  private static void writeString(String s, DataOutputView out) throws IOException {
    writeBytes(s.getBytes(StandardCharsets.UTF_8), out);
  }

  private static String readString(DataInputView in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  private static void writeBytes(byte[] bytes, DataOutputView out) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static void writeOptionalString(String value, DataOutputView out) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      writeString(value, out);
    }
  }

  private static String readOptionalString(DataInputView in) throws IOException {
    return in.readBoolean() ? readString(in) : null;
  }

  private static byte[] readBytes(DataInputView in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return bytes;
  }

  /** Restores the serializer from checkpoints and savepoints. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<ChangeEvent> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
