package io.cdcflow.api.quality;

import io.cdcflow.catalog.discovery.ColumnSchema;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

/**
 * Converts a key value given as text (by a client, or by {@link ValueNormaliser}) to the Java type
 * a key column of PostgreSQL or MySQL/MariaDB is compared with, so it can be bound as a parameter.
 */
final class KeyValues {

  private KeyValues() {}

  /**
   * @throws IllegalArgumentException naming the expected form when the text does not fit the type,
   *     or when the column's type cannot be used in a range
   */
  static Object convert(String text, ColumnSchema column) {
    String type = column.dataType().toLowerCase(Locale.ROOT);
    try {
      return switch (type) {
        case "smallint", "integer", "int", "bigint", "tinyint", "mediumint", "year" ->
            column.unsigned() && type.equals("bigint")
                ? new BigDecimal(text).toBigIntegerExact()
                : new BigDecimal(text).longValueExact();
        case "numeric", "decimal", "money" -> new BigDecimal(text);
        case "real", "double precision", "float", "double" -> Double.valueOf(text);
        case "boolean", "bool" -> bool(text);
        case "uuid" -> UUID.fromString(text);
        case "date" -> LocalDate.parse(text);
        case "timestamp without time zone", "datetime" -> LocalDateTime.parse(isoT(text));
        case "timestamp with time zone" -> OffsetDateTime.parse(isoT(text));
        case "timestamp" ->
            // MySQL timestamp: an instant, bound in the session's time zone by the driver
            Timestamp.from(OffsetDateTime.parse(isoT(text)).toInstant());
        case "character varying",
            "varchar",
            "character",
            "char",
            "text",
            "citext",
            "tinytext",
            "mediumtext",
            "longtext",
            "enum" ->
            text;
        default ->
            throw new IllegalArgumentException(
                "key column "
                    + column.name()
                    + " is "
                    + column.columnType()
                    + ", which cannot be used in a range");
      };
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a value of " + column.columnType() + " (" + column.name() + ")");
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a value of "
              + column.columnType()
              + " ("
              + column.name()
              + "); use ISO-8601"
              + (type.contains("with time zone") || type.equals("timestamp")
                  ? " with an offset, e.g. 2024-05-01T10:00:00Z"
                  : ""));
    }
  }

  private static Boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "1", "t" -> true;
      case "false", "0", "f" -> false;
      default -> throw new NumberFormatException(text);
    };
  }

  private static String isoT(String text) {
    return text.length() > 10 && text.charAt(10) == ' '
        ? text.substring(0, 10) + "T" + text.substring(11)
        : text;
  }
}
