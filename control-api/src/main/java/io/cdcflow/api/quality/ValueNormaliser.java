package io.cdcflow.api.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cdcflow.catalog.connection.DatabaseType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Turns a column value read from PostgreSQL or MySQL/MariaDB into one text, so that the two
 * databases' representations of the same value (as cdcflow's type mapping copies it) are equal:
 * numbers without trailing zeros, booleans as {@code 1}/{@code 0} (like {@code tinyint(1)}),
 * date-times as ISO-8601 (instants in UTC, without an offset: a MySQL {@code datetime} holds an
 * instant as its UTC wall time), times without trailing fractional zeros, bytes as lower-case hex,
 * JSON with sorted keys and no spaces, fixed-width text without its padding ({@link
 * ValueReadings}), a MySQL {@code year} as its number. NULL stays null.
 */
final class ValueNormaliser {

  private static final DateTimeFormatter DATE_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .toFormatter(Locale.ROOT);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private ValueNormaliser() {}

  /**
   * Reads column {@code i} of the current row, normalised, given its JDBC type and lower-case type
   * name (read once per result set: the drivers look them up on every call).
   */
  static String read(
      ResultSet rs,
      int i,
      int sqlType,
      String typeName,
      DatabaseType database,
      boolean json,
      boolean unpadded)
      throws SQLException {
    if (database == DatabaseType.MYSQL && typeName.equals("year")) {
      return year(rs.getString(i)); // the driver calls it a DATE
    }
    String value =
        switch (sqlType) {
          case Types.TIMESTAMP_WITH_TIMEZONE -> normalise(rs.getObject(i, OffsetDateTime.class));
          case Types.TIMESTAMP -> timestamp(rs, i, database, typeName);
          case Types.DATE, Types.TIME, Types.TIME_WITH_TIMEZONE -> time(rs.getString(i));
          case Types.BIT, Types.BOOLEAN, Types.TINYINT ->
              // MySQL tinyint(1) may hold any byte: read the number, not a driver's boolean
              database == DatabaseType.MYSQL && typeName.contains("tinyint")
                  ? number(rs.getString(i))
                  : normalise(rs.getObject(i));
          default -> normalise(rs.getObject(i));
        };
    if (unpadded && value != null) {
      return value.replaceAll(" +$", "");
    }
    return json && value != null ? json(value) : value;
  }

  private static String timestamp(ResultSet rs, int i, DatabaseType database, String typeName)
      throws SQLException {
    if (typeName.equals("timestamptz")) {
      return normalise(rs.getObject(i, OffsetDateTime.class));
    }
    if (database == DatabaseType.MYSQL && typeName.equals("timestamp")) {
      Timestamp instant = rs.getTimestamp(i);
      return instant == null ? null : normalise(instant.toInstant());
    }
    return normalise(rs.getObject(i, LocalDateTime.class));
  }

  static String normalise(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean b) {
      return b ? "1" : "0";
    }
    if (value instanceof BigDecimal d) {
      return decimal(d);
    }
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? d.toString() : decimal(BigDecimal.valueOf(d));
    }
    if (value instanceof Float f) {
      return f.isNaN() || f.isInfinite() ? f.toString() : decimal(new BigDecimal(f.toString()));
    }
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    if (value instanceof OffsetDateTime t) {
      return DATE_TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }
    if (value instanceof Instant t) {
      return DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
    }
    if (value instanceof LocalDateTime t) {
      return DATE_TIME.format(t);
    }
    if (value instanceof Timestamp t) {
      return DATE_TIME.format(t.toLocalDateTime());
    }
    if (value instanceof LocalDate || value instanceof java.sql.Date) {
      return value.toString();
    }
    if (value instanceof Clob clob) {
      try {
        return clob.getSubString(1, (int) clob.length());
      } catch (SQLException e) {
        throw new IllegalStateException("unreadable text value: " + e.getMessage(), e);
      }
    }
    return value.toString();
  }

  private static String decimal(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }

  /** A MySQL year, which the driver may give as a date ({@code 2006-01-01}). */
  private static String year(String text) {
    return text == null ? null : number(text.split("-", 2)[0]);
  }

  private static String number(String text) {
    return text == null ? null : decimal(new BigDecimal(text.trim()));
  }

  /** Times and dates as text, without trailing fractional zeros ({@code 10:00:00.500000}). */
  private static String time(String text) {
    if (text == null) {
      return null;
    }
    return text.replaceAll("(\\.\\d*?)0+(?=$|[+-])", "$1").replaceAll("\\.(?=$|[+-])", "");
  }

  /** JSON text with sorted object keys and no white space; text that is not JSON stays as is. */
  static String json(String text) {
    try {
      return JSON.writeValueAsString(JSON.readValue(text, Object.class));
    } catch (JsonProcessingException e) {
      return text;
    }
  }
}
