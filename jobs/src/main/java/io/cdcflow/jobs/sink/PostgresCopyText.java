package io.cdcflow.jobs.sink;

import io.cdcflow.jobs.event.ChangeEvent;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import org.postgresql.jdbc.TimestampUtils;

/**
 * Rows in PostgreSQL's COPY text format: columns separated by tabs, one row a line, {@code \N} for
 * NULL, and backslash, newline, carriage return and tab escaped with a backslash. Each value is
 * written as the text pgJDBC would have bound for it (numbers as {@code toString}, booleans {@code
 * true}/{@code false}, {@code byte[]} as bytea hex, dates and timestamps through the driver's own
 * {@link TimestampUtils}), so the target column's input function reads what a bound parameter would
 * have given. A NUL character cannot be stored in PostgreSQL text at all; the server rejects it as
 * it rejects a bound string holding one.
 */
final class PostgresCopyText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final TimestampUtils timestamps;
  private final StringBuilder out = new StringBuilder(1 << 16);

  PostgresCopyText(TimestampUtils timestamps) {
    this.timestamps = timestamps;
  }

  /** Appends one row: {@code values[0 .. count)}. */
  void row(Object[] values, int count) {
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append('\t');
      }
      value(values[i]);
    }
    out.append('\n');
  }

  /** What has been appended, and starts over. */
  String take() {
    String text = out.toString();
    out.setLength(0);
    return text;
  }

  private void value(Object v) {
    if (v == null) {
      out.append("\\N");
    } else if (v instanceof String s) {
      escaped(s);
    } else if (v instanceof Long || v instanceof Integer) {
      out.append(v);
    } else if (v instanceof BigDecimal d) {
      out.append(d.toString());
    } else if (v instanceof Double || v instanceof Float) {
      // Java's shortest round-trip form; PostgreSQL reads NaN, Infinity, -Infinity and 1.0E10
      out.append(v);
    } else if (v instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (v instanceof byte[] bytes) {
      // bytea hex input, its backslash escaped for COPY
      out.append("\\\\x");
      for (byte x : bytes) {
        out.append(HEX[(x >> 4) & 0xF]).append(HEX[x & 0xF]);
      }
    } else if (v instanceof OffsetDateTime t) {
      escaped(timestamps.toString(t));
    } else if (v instanceof LocalDateTime t) {
      escaped(timestamps.toString(t));
    } else if (v instanceof LocalDate d) {
      escaped(timestamps.toString(d));
    } else if (v == ChangeEvent.UNAVAILABLE || v == ChangeEvent.ABSENT) {
      throw new IllegalArgumentException("a " + v + " value has no COPY text (a bug)");
    } else {
      throw new IllegalArgumentException(
          "no COPY text for a value of class " + v.getClass().getName() + " (a bug)");
    }
  }

  private void escaped(String s) {
    int n = s.length();
    int first = 0;
    while (first < n && !special(s.charAt(first))) {
      first++;
    }
    // most values have nothing to escape: one bulk append
    out.append(s, 0, first);
    for (int i = first; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
  }

  private static boolean special(char c) {
    return c == '\\' || c == '\n' || c == '\r' || c == '\t';
  }
}
