package io.cdcflow.jobs.sink;

import io.cdcflow.jobs.event.ChangeEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
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

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = {'\\', 'N'};

  private final TimestampUtils timestamps;
  private byte[] out = new byte[1 << 16];
  private int size;

  PostgresCopyText(TimestampUtils timestamps) {
    this.timestamps = timestamps;
  }

  /** Appends one row: {@code values[0 .. count)}. */
  void row(Object[] values, int count) {
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        put((byte) '\t');
      }
      value(values[i]);
    }
    put((byte) '\n');
  }

  /** Appends one row that is COPY text already ({@link ChangeEvent#copyText()}). */
  void line(byte[] copyText) {
    put(copyText, 0, copyText.length);
    if (copyText.length == 0 || copyText[copyText.length - 1] != '\n') {
      put((byte) '\n');
    }
  }

  /** What has been appended, and starts over. */
  byte[] take() {
    byte[] text = Arrays.copyOf(out, size);
    size = 0;
    return text;
  }

  private void value(Object v) {
    if (v == null) {
      put(NULL, 0, NULL.length);
    } else if (v instanceof String s) {
      escaped(s.getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof Long || v instanceof Integer || v instanceof BigDecimal) {
      plain(v.toString());
    } else if (v instanceof Double || v instanceof Float) {
      // Java's shortest round-trip form; PostgreSQL reads NaN, Infinity, -Infinity and 1.0E10
      plain(v.toString());
    } else if (v instanceof Boolean b) {
      plain(b ? "true" : "false");
    } else if (v instanceof byte[] bytes) {
      // bytea hex input, its backslash escaped for COPY
      reserve(3 + 2 * bytes.length);
      out[size++] = '\\';
      out[size++] = '\\';
      out[size++] = 'x';
      for (byte x : bytes) {
        out[size++] = HEX[(x >> 4) & 0xF];
        out[size++] = HEX[x & 0xF];
      }
    } else if (v instanceof OffsetDateTime t) {
      plain(timestamps.toString(t));
    } else if (v instanceof LocalDateTime t) {
      plain(timestamps.toString(t));
    } else if (v instanceof LocalDate d) {
      plain(timestamps.toString(d));
    } else if (v == ChangeEvent.UNAVAILABLE || v == ChangeEvent.ABSENT) {
      throw new IllegalArgumentException("a " + v + " value has no COPY text (a bug)");
    } else {
      throw new IllegalArgumentException(
          "no COPY text for a value of class " + v.getClass().getName() + " (a bug)");
    }
  }

  /** Text that has nothing to escape (ASCII without backslash, tab or line ends). */
  private void plain(String s) {
    int n = s.length();
    reserve(n);
    for (int i = 0; i < n; i++) {
      out[size++] = (byte) s.charAt(i);
    }
  }

  /**
   * UTF-8 bytes with COPY's escapes: no byte of a multi-byte character is below 0x80, so the
   * special characters are found byte by byte.
   */
  private void escaped(byte[] s) {
    int first = 0;
    while (first < s.length && !special(s[first])) {
      first++;
    }
    // most values have nothing to escape: one bulk copy
    put(s, 0, first);
    for (int i = first; i < s.length; i++) {
      byte c = s[i];
      if (special(c)) {
        reserve(2);
        out[size++] = '\\';
        out[size++] =
            switch (c) {
              case '\n' -> (byte) 'n';
              case '\r' -> (byte) 'r';
              case '\t' -> (byte) 't';
              default -> c;
            };
      } else {
        put(c);
      }
    }
  }

  private static boolean special(byte c) {
    return c == '\\' || c == '\n' || c == '\r' || c == '\t';
  }

  private void put(byte b) {
    reserve(1);
    out[size++] = b;
  }

  private void put(byte[] b, int off, int len) {
    reserve(len);
    System.arraycopy(b, off, out, size, len);
    size += len;
  }

  private void reserve(int more) {
    if (size + more > out.length) {
      out = Arrays.copyOf(out, Math.max(size + more, out.length * 2));
    }
  }
}
