package io.cdcflow.jobs.event;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Writes lists and maps of converted values as JSON text (arrays into MySQL json, hstore). */
final class Json {

  private Json() {}

  static String write(Object value) {
    StringBuilder s = new StringBuilder();
    append(value, s);
    return s.toString();
  }

  private static void append(Object v, StringBuilder s) {
    if (v == null) {
      s.append("null");
    } else if (v instanceof List<?> list) {
      s.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          s.append(',');
        }
        append(list.get(i), s);
      }
      s.append(']');
    } else if (v instanceof Map<?, ?> map) {
      s.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          s.append(',');
        }
        first = false;
        string(String.valueOf(e.getKey()), s);
        s.append(':');
        append(e.getValue(), s);
      }
      s.append('}');
    } else if (v instanceof Boolean) {
      s.append(v);
    } else if (v instanceof BigDecimal d) {
      s.append(d.toPlainString());
    } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
      string(d.toString(), s);
    } else if (v instanceof Float f && (f.isNaN() || f.isInfinite())) {
      string(f.toString(), s);
    } else if (v instanceof Number) {
      s.append(v);
    } else if (v instanceof byte[] b) {
      string(Base64.getEncoder().encodeToString(b), s);
    } else if (v instanceof Duration d) {
      string(TargetValues.timeLiteral(d), s);
    } else if (v instanceof TemporalAccessor) {
      string(v.toString(), s);
    } else {
      string(v.toString(), s);
    }
  }

  private static void string(String v, StringBuilder s) {
    s.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          if (c < 0x20) {
            s.append(String.format("\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    s.append('"');
  }
}
