package io.cdcflow.jobs.event;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Dates, times and timestamps in the ISO text both snapshot readers get from their database
 * (PostgreSQL's COPY under DateStyle ISO, MySQL's text protocol), read by hand: the {@code
 * java.time} parsers took a large share of a reader's time.
 */
final class IsoTemporalText {

  private IsoTemporalText() {}

  /** "yyyy-mm-dd" */
  static LocalDate date(byte[] b, int off, int len) {
    if (len != 10 || b[off + 4] != '-' || b[off + 7] != '-') {
      throw new IllegalArgumentException("not an ISO date between years 0001 and 9999");
    }
    return LocalDate.of(digits(b, off, 4), digits(b, off + 5, 2), digits(b, off + 8, 2));
  }

  /** "hh:mm:ss[.ffffff]", up to 24:00:00, as the time of day's duration (as Debezium gives it). */
  static Duration timeOfDay(byte[] b, int off, int len) {
    if (len < 8 || b[off + 2] != ':' || b[off + 5] != ':') {
      throw new IllegalArgumentException("not a time of day");
    }
    long seconds = digits(b, off, 2) * 3600L + digits(b, off + 3, 2) * 60L + digits(b, off + 6, 2);
    return Duration.ofSeconds(seconds, fraction(b, off + 8, off + len));
  }

  /** "[-]h…h:mm:ss[.ffffff]": MySQL's TIME, a duration of up to ±838 hours. */
  static Duration duration(byte[] b, int off, int len) {
    int end = off + len;
    boolean negative = len > 0 && b[off] == '-';
    int i = negative ? off + 1 : off;
    long hours = 0;
    while (i < end && b[i] != ':') {
      hours = hours * 10 + digit(b[i++]);
    }
    if (end - i < 6 || b[i + 3] != ':') {
      throw new IllegalArgumentException("not a time");
    }
    long seconds = hours * 3600 + digits(b, i + 1, 2) * 60L + digits(b, i + 4, 2);
    Duration d = Duration.ofSeconds(seconds, fraction(b, i + 6, end));
    return negative ? d.negated() : d;
  }

  /**
   * "yyyy-mm-dd hh:mm:ss[.ffffff]", then for timestamptz the offset ("+00", "+05:30"; the session
   * is in UTC, so "+00").
   */
  static Object timestamp(byte[] b, int off, int len, boolean withZone) {
    if (len < 19
        || b[off + 4] != '-'
        || b[off + 7] != '-'
        || b[off + 10] != ' '
        || b[off + 13] != ':'
        || b[off + 16] != ':') {
      throw new IllegalArgumentException("not an ISO timestamp between years 0001 and 9999");
    }
    int end = off + len;
    int fractionEnd = off + 19;
    if (fractionEnd < end && b[fractionEnd] == '.') {
      fractionEnd++;
      while (fractionEnd < end && b[fractionEnd] >= '0' && b[fractionEnd] <= '9') {
        fractionEnd++;
      }
    }
    LocalDateTime local =
        LocalDateTime.of(
            digits(b, off, 4),
            digits(b, off + 5, 2),
            digits(b, off + 8, 2),
            digits(b, off + 11, 2),
            digits(b, off + 14, 2),
            digits(b, off + 17, 2),
            fraction(b, off + 19, fractionEnd));
    if (!withZone) {
      if (fractionEnd != end) {
        throw new IllegalArgumentException("unexpected text after the timestamp");
      }
      return local;
    }
    return OffsetDateTime.of(local, offset(b, fractionEnd, end));
  }

  /** "+hh", "+hh:mm" or "+hh:mm:ss" (or '-'). */
  private static ZoneOffset offset(byte[] b, int from, int end) {
    int len = end - from;
    if ((len != 3 && len != 6 && len != 9) || (b[from] != '+' && b[from] != '-')) {
      throw new IllegalArgumentException("no time zone offset");
    }
    int seconds = digits(b, from + 1, 2) * 3600;
    if (len >= 6) {
      seconds += digits(b, from + 4, 2) * 60;
    }
    if (len == 9) {
      seconds += digits(b, from + 7, 2);
    }
    try {
      return ZoneOffset.ofTotalSeconds(b[from] == '-' ? -seconds : seconds);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("offset out of range", e);
    }
  }

  /** Nanoseconds of ".ffffff" at {@code from} (nothing there: 0). */
  private static int fraction(byte[] b, int from, int end) {
    if (from == end) {
      return 0;
    }
    if (b[from] != '.' || end - from > 10) {
      throw new IllegalArgumentException("unexpected text after the seconds");
    }
    int nanos = 0;
    for (int i = from + 1; i < from + 10; i++) {
      nanos = nanos * 10 + (i < end ? digit(b[i]) : 0);
    }
    return nanos;
  }

  private static int digits(byte[] b, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      value = value * 10 + digit(b[i]);
    }
    return value;
  }

  private static int digit(byte c) {
    if (c < '0' || c > '9') {
      throw new IllegalArgumentException("a digit expected");
    }
    return c - '0';
  }
}
