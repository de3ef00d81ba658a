package io.cdcflow.jobs.event;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * PostgreSQL array literals ({@code {1,2,NULL}}, {@code {"a b","c\"d"}}) from Java lists, bound as
 * untyped strings that the server casts to the column's array type.
 */
final class PostgresArrays {

  private PostgresArrays() {}

  static String literal(List<?> list) {
    StringBuilder s = new StringBuilder("{");
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        s.append(',');
      }
      Object e = list.get(i);
      if (e == null) {
        s.append("NULL");
      } else if (e instanceof List<?> nested) {
        s.append(literal(nested));
      } else {
        s.append('"').append(escape(element(e))).append('"');
      }
    }
    return s.append('}').toString();
  }

  private static String element(Object e) {
    if (e instanceof byte[] b) {
      return "\\x" + HexFormat.of().formatHex(b);
    }
    if (e instanceof Duration d) {
      return TargetValues.timeLiteral(d);
    }
    if (e instanceof Boolean b) {
      return b ? "t" : "f";
    }
    if (e instanceof java.math.BigDecimal d) {
      return d.toPlainString();
    }
    return e.toString();
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
