package io.cdcflow.jobs.event;

import io.cdcflow.catalog.connection.DatabaseType;
import io.debezium.connector.postgresql.PostgresValueConverter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Date;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Time;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Timestamp;

/**
 * Builds the {@link ValueConverter} for one column: Debezium's value (decided by the field's
 * Connect schema and logical name) to a Java value the target's JDBC driver binds into the target
 * column. Built once per column and schema version, then applied to every row.
 *
 * <p>Debezium logical types handled: Decimal, VariableScaleDecimal, Date, Time, MicroTime,
 * NanoTime, Timestamp, MicroTimestamp, NanoTimestamp, ZonedTimestamp, ZonedTime, Year, Json, Uuid,
 * Xml, Enum, EnumSet, Interval, Bits, arrays and maps (hstore). Anything else (geometry, ...) fails
 * with the column's name.
 */
public final class DebeziumValues {

  private static final String DATE = "io.debezium.time.Date";
  private static final String TIME = "io.debezium.time.Time";
  private static final String MICRO_TIME = "io.debezium.time.MicroTime";
  private static final String NANO_TIME = "io.debezium.time.NanoTime";
  private static final String TIMESTAMP = "io.debezium.time.Timestamp";
  private static final String MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
  private static final String NANO_TIMESTAMP = "io.debezium.time.NanoTimestamp";
  private static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";
  private static final String ZONED_TIME = "io.debezium.time.ZonedTime";
  private static final String MICRO_DURATION = "io.debezium.time.MicroDuration";
  private static final String BITS = "io.debezium.data.Bits";
  private static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";
  // the connector jars relocate Kafka Connect, logical names included: use their constants
  private static final String CONNECT_DECIMAL = Decimal.LOGICAL_NAME;
  private static final String CONNECT_DATE = Date.LOGICAL_NAME;
  private static final String CONNECT_TIME = Time.LOGICAL_NAME;
  private static final String CONNECT_TIMESTAMP = Timestamp.LOGICAL_NAME;

  /**
   * The numbers Debezium gives PostgreSQL's infinity and -infinity in a date, a timestamp(0-3) and
   * a timestamp(4-6) ({@code PostgresValueConverter}'s stand-ins, converted as Debezium converts
   * them): without them infinity arrived as the year 294247, and a date's as -5877611.
   */
  private static final long[] INFINITY_DAYS = {
    io.debezium.time.Date.toEpochDay(PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE, null),
    io.debezium.time.Date.toEpochDay(PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE, null)
  };

  private static final long[] INFINITY_MILLIS = {
    io.debezium.time.Timestamp.toEpochMillis(
        PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE_TIME, null),
    io.debezium.time.Timestamp.toEpochMillis(
        PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE_TIME, null)
  };

  private static final long[] INFINITY_MICROS = {
    io.debezium.time.MicroTimestamp.toEpochMicros(
        PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE_TIME, null),
    io.debezium.time.MicroTimestamp.toEpochMicros(
        PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE_TIME, null)
  };

  private DebeziumValues() {}

  /**
   * @param column for messages: "schema.table.column"
   * @param schema the field's Connect schema
   * @param target the target database
   * @param targetType the target column's type SQL
   * @param placeholder what PostgreSQL's unchanged TOAST values arrive as
   */
  public static ValueConverter converter(
      String column, Schema schema, DatabaseType target, String targetType, String placeholder) {
    TargetValues.Kind kind = TargetValues.Kind.of(target, targetType);
    ValueConverter canonical = canonical(column, schema, target, kind, placeholder);
    return v -> {
      if (v == null) {
        return null;
      }
      Object c = canonical.convert(v);
      return c == null || c == ChangeEvent.UNAVAILABLE ? c : TargetValues.adapt(c, target, kind);
    };
  }

  /** Debezium value to a canonical Java value (time as Duration, bits as Bits, arrays as List). */
  private static ValueConverter canonical(
      String column,
      Schema schema,
      DatabaseType target,
      TargetValues.Kind kind,
      String placeholder) {
    String logical = schema.name() == null ? "" : schema.name();
    byte[] placeholderBytes = placeholder.getBytes(StandardCharsets.UTF_8);
    switch (schema.type()) {
      case INT8, INT16, INT32, INT64 -> {
        return switch (logical) {
          case DATE -> v -> date(target, ((Number) v).longValue());
          case TIME -> v -> Duration.ofMillis(((Number) v).longValue());
          case MICRO_TIME -> v -> micros(((Number) v).longValue());
          case NANO_TIME -> v -> Duration.ofNanos(((Number) v).longValue());
          case TIMESTAMP ->
              v -> timestamp(target, ((Number) v).longValue(), 1_000_000L, INFINITY_MILLIS);
          case MICRO_TIMESTAMP ->
              v -> timestamp(target, ((Number) v).longValue(), 1_000L, INFINITY_MICROS);
          case NANO_TIMESTAMP -> v -> localDateTime(((Number) v).longValue(), 1L);
          case MICRO_DURATION -> v -> micros(((Number) v).longValue());
          case CONNECT_DATE, CONNECT_TIME, CONNECT_TIMESTAMP -> v -> connectTemporal(logical, v);
          // a tinyint(1) can arrive as Boolean when the driver reads it as a bit
          default -> v -> v instanceof Boolean b ? (b ? 1L : 0L) : ((Number) v).longValue();
        };
      }
      case FLOAT32 -> {
        return v -> ((Number) v).floatValue();
      }
      case FLOAT64 -> {
        return v -> ((Number) v).doubleValue();
      }
      case BOOLEAN -> {
        return v -> v;
      }
      case STRING -> {
        ValueConverter string =
            switch (logical) {
              case ZONED_TIMESTAMP -> v -> infinityOr(target, (String) v);
              case ZONED_TIME ->
                  target == DatabaseType.MYSQL ? v -> utcTimeOfDay((String) v) : v -> v;
              default ->
                  SourceColumnType.isNumeric(schema) ? v -> numeric(target, (String) v) : v -> v;
            };
        return v -> placeholder.equals(v) ? ChangeEvent.UNAVAILABLE : string.convert(v);
      }
      case BYTES -> {
        if (CONNECT_DECIMAL.equals(logical)) {
          return v -> v instanceof BigDecimal d ? d : new BigDecimal(new BigInteger(bytes(v)));
        }
        if (BITS.equals(logical)) {
          // a varbit's length parameter is its declared maximum (2^31-1 when it has none), not
          // the value's length, which Debezium does not send: its significant bits are taken
          int length =
              "VARBIT".equalsIgnoreCase(SourceColumnType.name(schema))
                  ? -1
                  : lengthParameter(schema);
          return v -> new Bits(bytes(v), length);
        }
        return v -> {
          byte[] b = bytes(v);
          return Arrays.equals(b, placeholderBytes) ? ChangeEvent.UNAVAILABLE : b;
        };
      }
      case STRUCT -> {
        if (VARIABLE_SCALE_DECIMAL.equals(logical)) {
          return v -> {
            Struct s = (Struct) v;
            return new BigDecimal(new BigInteger(bytes(s.get("value"))), s.getInt32("scale"));
          };
        }
        throw unsupported(column, schema);
      }
      case ARRAY -> {
        // a numeric[]'s elements carry no source type of their own
        ValueConverter element =
            SourceColumnType.isNumeric(schema)
                ? v -> numeric(target, (String) v)
                : canonical(
                    column, schema.valueSchema(), target, TargetValues.Kind.OTHER, placeholder);
        return v -> {
          List<?> list = (List<?>) v;
          if (list.size() == 1 && placeholder.equals(list.get(0))) {
            return ChangeEvent.UNAVAILABLE;
          }
          List<Object> out = new ArrayList<>(list.size());
          for (Object e : list) {
            out.add(e == null ? null : element.convert(e));
          }
          return out;
        };
      }
      case MAP -> {
        return v -> Json.write(v);
      }
      default -> throw unsupported(column, schema);
    }
  }

  /**
   * A PostgreSQL numeric, which the source sends as text ({@code decimal.handling.mode=string}):
   * Debezium's precise mode fails the whole job on NaN and infinities. Those go on as PostgreSQL's
   * own text, which a PostgreSQL target reads back; MySQL has no such values.
   */
  private static Object numeric(DatabaseType target, String text) {
    // Debezium names the special values by its own enum (SpecialValueDecimal)
    return switch (text) {
      case "NAN", "NaN" -> special(target, "NaN");
      case "POSITIVE_INFINITY", "Infinity" -> special(target, "Infinity");
      case "NEGATIVE_INFINITY", "-Infinity" -> special(target, "-Infinity");
      default -> new BigDecimal(text);
    };
  }

  /** PostgreSQL's infinity and -infinity, which Debezium passes on as those words. */
  private static Object infinityOr(DatabaseType target, String text) {
    return text.equals("infinity") || text.equals("-infinity")
        ? special(target, text)
        : zonedTimestamp(text);
  }

  private static String special(DatabaseType target, String text) {
    if (target == DatabaseType.MYSQL) {
      throw new UnwritableValueException(text);
    }
    return text;
  }

  /**
   * Debezium's ZonedTimestamp text, ISO-8601 with an offset ("2024-01-31T10:15:30.123456Z"). The
   * shape Debezium writes (four-digit year, seconds, up to nine fraction digits, "Z" or "+hh:mm")
   * is read by hand: {@link OffsetDateTime#parse} took a third of a snapshot reader's time on a
   * table with two timestamptz columns. Any other shape goes to {@link OffsetDateTime#parse}.
   */
  static OffsetDateTime zonedTimestamp(String s) {
    OffsetDateTime fast = zonedTimestampFast(s);
    return fast != null ? fast : OffsetDateTime.parse(s);
  }

  private static OffsetDateTime zonedTimestampFast(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int i = 19;
    int nano = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        nano = nano * 10 + (s.charAt(i) - '0');
        i++;
      }
      int length = i - start;
      if (length == 0 || length > 9) {
        return null;
      }
      for (int k = length; k < 9; k++) {
        nano *= 10;
      }
    }
    ZoneOffset offset;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offset = ZoneOffset.UTC;
    } else if (n - i == 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int hours = digits(s, i + 1, 2);
      int minutes = digits(s, i + 4, 2);
      if ((hours | minutes) < 0) {
        return null;
      }
      int sign = s.charAt(i) == '-' ? -1 : 1;
      try {
        offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
      } catch (DateTimeException e) {
        return null;
      }
    } else {
      return null;
    }
    try {
      return OffsetDateTime.of(year, month, day, hour, minute, second, nano, offset);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The non-negative number written by {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static Object date(DatabaseType target, long epochDay) {
    Object infinity = infinity(target, epochDay, INFINITY_DAYS);
    return infinity != null ? infinity : LocalDate.ofEpochDay(epochDay);
  }

  private static Object timestamp(
      DatabaseType target, long value, long nanosPerUnit, long[] infinities) {
    Object infinity = infinity(target, value, infinities);
    return infinity != null ? infinity : localDateTime(value, nanosPerUnit);
  }

  /** "infinity" or "-infinity" when the value is Debezium's stand-in for one, else null. */
  private static Object infinity(DatabaseType target, long value, long[] stands) {
    if (value == stands[0]) {
      return special(target, "infinity");
    }
    return value == stands[1] ? special(target, "-infinity") : null;
  }

  private static Duration micros(long micros) {
    return Duration.ofSeconds(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  private static LocalDateTime localDateTime(long value, long nanosPerUnit) {
    long unitsPerSecond = 1_000_000_000L / nanosPerUnit;
    long seconds = Math.floorDiv(value, unitsPerSecond);
    long nanos = Math.floorMod(value, unitsPerSecond) * nanosPerUnit;
    return LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
  }

  private static Object connectTemporal(String logical, Object v) {
    long ms = v instanceof java.util.Date d ? d.getTime() : ((Number) v).longValue();
    return switch (logical) {
      case CONNECT_DATE -> LocalDate.ofEpochDay(Math.floorDiv(ms, 86_400_000L));
      case CONNECT_TIME -> Duration.ofMillis(ms);
      default -> localDateTime(ms, 1_000_000L);
    };
  }

  /** Debezium sends time with time zone normalised to UTC ("10:15:30.5Z"): the UTC time. */
  private static Duration utcTimeOfDay(String zonedTime) {
    LocalTime t = OffsetTime.parse(zonedTime).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
    return Duration.ofNanos(t.toNanoOfDay());
  }

  private static int lengthParameter(Schema schema) {
    Map<String, String> params = schema.parameters();
    String length = params == null ? null : params.get("length");
    try {
      return length == null ? -1 : Integer.parseInt(length);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static byte[] bytes(Object v) {
    if (v instanceof byte[] b) {
      return b;
    }
    if (v instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] b = new byte[copy.remaining()];
      copy.get(b);
      return b;
    }
    throw new IllegalArgumentException("expected bytes, got " + v.getClass().getName());
  }

  private static IllegalArgumentException unsupported(String column, Schema schema) {
    return new IllegalArgumentException(
        "column "
            + column
            + ": Debezium type "
            + schema.type()
            + (schema.name() == null ? "" : " (" + schema.name() + ")")
            + " is not supported by cdcflow");
  }

  /** A bit string as Debezium sends it: little-endian bytes, and the declared length. */
  record Bits(byte[] littleEndian, int length) {

    /** Padded to the length; without one, the significant bits ("0" for zero). */
    String toBitString() {
      int n = length > 0 ? length : significantBits();
      StringBuilder s = new StringBuilder(n);
      for (int i = n - 1; i >= 0; i--) {
        int b = i / 8 < littleEndian.length ? littleEndian[i / 8] : 0;
        s.append(((b >> (i % 8)) & 1) == 1 ? '1' : '0');
      }
      return s.toString();
    }

    private int significantBits() {
      for (int i = littleEndian.length - 1; i >= 0; i--) {
        if (littleEndian[i] != 0) {
          return i * 8 + 32 - Integer.numberOfLeadingZeros(littleEndian[i] & 0xFF);
        }
      }
      return littleEndian.length == 0 ? 0 : 1;
    }

    long toLong() {
      long value = 0;
      for (int i = Math.min(8, littleEndian.length) - 1; i >= 0; i--) {
        value = (value << 8) | (littleEndian[i] & 0xFF);
      }
      return value;
    }

    @Override
    public String toString() {
      return HexFormat.of().formatHex(littleEndian) + "/" + length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bits b
          && b.length == length
          && Arrays.equals(b.littleEndian, littleEndian);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(littleEndian) + length;
    }
  }
}
