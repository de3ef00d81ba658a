package io.cdcflow.jobs.event;

import io.cdcflow.catalog.connection.DatabaseType;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The last step of every value conversion, whatever read the value (Debezium's records or
 * PostgreSQL's COPY text): a canonical Java value (time of day as {@link Duration}, bit strings,
 * arrays as {@link List}, timestamps with their offset) to what the target's JDBC driver binds into
 * the target column.
 */
final class TargetValues {

  private TargetValues() {}

  /** Canonical value to what the target binds. */
  static Object adapt(Object v, DatabaseType target, Kind kind) {
    if (target == DatabaseType.MYSQL && !finite(v)) {
      // Connector/J would inline NaN into the statement, which MySQL reads as a column's name
      throw new UnwritableValueException(v);
    }
    if (v instanceof Duration d) {
      return timeLiteral(d);
    }
    if (v instanceof DebeziumValues.Bits bits) {
      return target == DatabaseType.MYSQL && kind == Kind.BIT ? bits.toLong() : bits.toBitString();
    }
    if (v instanceof List<?> list) {
      return target == DatabaseType.POSTGRES && kind == Kind.ARRAY
          ? PostgresArrays.literal(list)
          : Json.write(list);
    }
    if (v instanceof OffsetDateTime t) {
      return target == DatabaseType.MYSQL
          ? datetimeLiteral(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime())
          : t.withOffsetSameInstant(ZoneOffset.UTC);
    }
    if (v instanceof LocalDateTime t && target == DatabaseType.MYSQL) {
      return datetimeLiteral(t);
    }
    if (v instanceof Boolean b && kind == Kind.NUMBER) {
      return b ? 1L : 0L;
    }
    return v;
  }

  private static boolean finite(Object v) {
    return !(v instanceof Double d && !Double.isFinite(d))
        && !(v instanceof Float f && !Float.isFinite(f));
  }

  /**
   * "yyyy-MM-dd HH:mm:ss[.ffffff]" for MySQL targets: Connector/J drops the fraction of a bound
   * LocalDateTime on MariaDB (the server announces itself as 5.5.5, before fractional seconds).
   */
  static String datetimeLiteral(LocalDateTime t) {
    String s =
        String.format(
            Locale.ROOT,
            "%04d-%02d-%02d %02d:%02d:%02d",
            t.getYear(),
            t.getMonthValue(),
            t.getDayOfMonth(),
            t.getHour(),
            t.getMinute(),
            t.getSecond());
    int micros = t.getNano() / 1000;
    return micros == 0 ? s : s + String.format(Locale.ROOT, ".%06d", micros);
  }

  /** "[-]H:MM:SS[.ffffff]": PostgreSQL time (up to 24:00:00) and MySQL time (±838 h) parse it. */
  static String timeLiteral(Duration d) {
    boolean negative = d.isNegative();
    Duration a = d.abs();
    long hours = a.toHours();
    int minutes = a.toMinutesPart();
    int seconds = a.toSecondsPart();
    int micros = a.toNanosPart() / 1000;
    String s =
        String.format(
            Locale.ROOT, "%s%02d:%02d:%02d", negative ? "-" : "", hours, minutes, seconds);
    return micros == 0 ? s : s + String.format(Locale.ROOT, ".%06d", micros);
  }

  /** What the target column is, as far as conversion cares. */
  enum Kind {
    ARRAY,
    JSON,
    BIT,
    NUMBER,
    OTHER;

    static Kind of(DatabaseType target, String targetType) {
      String t = targetType == null ? "" : targetType.trim().toLowerCase(Locale.ROOT);
      if (t.endsWith("]")) {
        return ARRAY;
      }
      if (t.startsWith("json")) {
        return JSON;
      }
      if (t.equals("bit") || t.startsWith("bit(") || t.startsWith("bit varying")) {
        return BIT;
      }
      if (t.startsWith("tinyint")
          || t.startsWith("smallint")
          || t.startsWith("int")
          || t.startsWith("bigint")
          || t.startsWith("mediumint")
          || t.startsWith("numeric")
          || t.startsWith("decimal")) {
        return NUMBER;
      }
      return OTHER;
    }
  }
}
