package io.cdcflow.jobs.event;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One row change, ready for the target: which table (index into the spec's tables), upsert or
 * delete, the column values already converted to what the target's JDBC driver binds, and the
 * source commit time.
 *
 * <p>{@code values} follows the spec's columns, then the ADDs of {@link #columnChanges()}. A value
 * is null, a {@link Boolean}, {@link Long}, {@link Float}, {@link Double}, {@link BigDecimal},
 * {@link String}, {@code byte[]}, {@link java.time.LocalDate}, {@link java.time.LocalDateTime},
 * {@link java.time.OffsetDateTime}, or one of two markers: {@link #UNAVAILABLE} (PostgreSQL did not
 * send an unchanged TOAST value: keep the target's) and {@link #ABSENT} (the source row no longer
 * has the column). Instances are immutable; do not change the array.
 */
public final class ChangeEvent {

  /** What to do with the row. */
  public enum Op {
    UPSERT,
    DELETE,
    /**
     * The source emptied the table: not a row, a request to copy the table again (see {@code
     * ResnapshotOperator}); its values are all null.
     */
    TRUNCATE
  }

  /** A value the source did not send because it did not change (PostgreSQL TOAST). */
  public static final Object UNAVAILABLE = new Marker("UNAVAILABLE");

  /**
   * A column the source record does not have: dropped at the source, or added after the record was
   * written (the target value is left as it is).
   */
  public static final Object ABSENT = new Marker("ABSENT");

  /**
   * Not a change: the log's reader emits it once when it is given the log's split, so that its task
   * knows it carries the log (see {@code LogReader}); never written.
   */
  public static final ChangeEvent LOG_READ_HERE =
      new ChangeEvent(-1, Op.UPSERT, new Object[0], 0, 0, List.of());

  private final int table;
  private final Op op;
  private final Object[] values;
  private final long sourceTimestampMs;
  private final long sourcePosition;
  private final List<ColumnChange> columnChanges;
  private final byte[] copyText;

  public ChangeEvent(
      int table, Op op, Object[] values, long sourceTimestampMs, List<ColumnChange> columnChanges) {
    this(table, op, values, sourceTimestampMs, 0, columnChanges);
  }

  public ChangeEvent(
      int table,
      Op op,
      Object[] values,
      long sourceTimestampMs,
      long sourcePosition,
      List<ColumnChange> columnChanges) {
    this.table = table;
    this.op = Objects.requireNonNull(op, "op");
    this.values = Objects.requireNonNull(values, "values");
    this.sourceTimestampMs = sourceTimestampMs;
    this.sourcePosition = sourcePosition;
    this.columnChanges = columnChanges == null ? List.of() : List.copyOf(columnChanges);
    this.copyText = null;
  }

  private ChangeEvent(int table, Object[] values, byte[] copyText) {
    this.table = table;
    this.op = Op.UPSERT;
    this.values = Objects.requireNonNull(values, "values");
    this.sourceTimestampMs = 0;
    this.sourcePosition = 0;
    this.columnChanges = List.of();
    this.copyText = Objects.requireNonNull(copyText, "copyText");
  }

  /** The source truncated the table: its values, one null per spec column, route like a row's. */
  public static ChangeEvent truncated(
      int table, int columns, long sourceTimestampMs, long position) {
    return new ChangeEvent(
        table, Op.TRUNCATE, new Object[columns], sourceTimestampMs, position, List.of());
  }

  /**
   * A snapshot read by COPY for a PostgreSQL target: the values, and the row as the source's COPY
   * wrote it, which the target's COPY reads back to the same values.
   */
  public static ChangeEvent copied(int table, Object[] values, byte[] copyText) {
    return new ChangeEvent(table, values, copyText);
  }

  public int table() {
    return table;
  }

  /** Whether this is {@link #LOG_READ_HERE}, not a change. */
  public boolean isLogReadHere() {
    return table < 0;
  }

  public Op op() {
    return op;
  }

  /** The values array itself (not a copy): read it, do not change it. */
  public Object[] values() {
    return values;
  }

  public Object value(int index) {
    return values[index];
  }

  /** Commit time at the source in epoch milliseconds; 0 for snapshot reads. */
  public long sourceTimestampMs() {
    return sourceTimestampMs;
  }

  /**
   * Where the change is in the source's log, for measuring how far behind the target is in bytes:
   * the PostgreSQL LSN, or for MySQL/MariaDB {@link SourcePosition#ofBinlog}; 0 for snapshot reads.
   */
  public long sourcePosition() {
    return sourcePosition;
  }

  /**
   * What the table's columns went through at the source since the spec, in order; its ADDs name the
   * values after the spec's columns.
   */
  public List<ColumnChange> columnChanges() {
    return columnChanges;
  }

  /**
   * For a row read by {@link #copied COPY}, its line of COPY text (the line end included or not),
   * holding the spec's columns: the sink writes it as it is instead of formatting the values again.
   * Null for every other event. Not part of the event's identity, and not serialized: the values
   * say the same.
   */
  public byte[] copyText() {
    return copyText;
  }

  /** True when some value is {@link #UNAVAILABLE}: the row can only be updated, not inserted. */
  public boolean hasUnavailable() {
    for (Object v : values) {
      if (v == UNAVAILABLE) {
        return true;
      }
    }
    return false;
  }

  /**
   * A hash of the key values that is the same in every JVM (no identity hash codes): the job
   * partitions rows by it, so all changes of a row meet in one sink writer, in order.
   */
  public int keyHash(int[] keyIndexes) {
    int h = 31 * table;
    for (int i : keyIndexes) {
      h = 31 * h + stableHash(values[i]);
    }
    return h;
  }

  static int stableHash(Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof byte[] bytes) {
      return Arrays.hashCode(bytes);
    }
    if (v instanceof BigDecimal d) {
      // 1.50 and 1.5 are the same key
      return d.signum() == 0 ? 0 : d.stripTrailingZeros().hashCode();
    }
    if (v instanceof Marker) {
      return v.toString().hashCode();
    }
    // String, Long, Boolean, Double, Float and java.time values hash by value
    return v.hashCode();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ChangeEvent e)) {
      return false;
    }
    return table == e.table
        && sourceTimestampMs == e.sourceTimestampMs
        && sourcePosition == e.sourcePosition
        && op == e.op
        && Arrays.deepEquals(values, e.values)
        && columnChanges.equals(e.columnChanges);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, op, sourceTimestampMs, Arrays.deepHashCode(values), columnChanges);
  }

  @Override
  public String toString() {
    // values can be personal data: the event prints its shape, not its content
    return "ChangeEvent{table="
        + table
        + ", op="
        + op
        + ", columns="
        + values.length
        + ", sourceTs="
        + sourceTimestampMs
        + (columnChanges.isEmpty() ? "" : ", changes=" + columnChanges)
        + "}";
  }

  private static final class Marker {
    private final String name;

    private Marker(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
