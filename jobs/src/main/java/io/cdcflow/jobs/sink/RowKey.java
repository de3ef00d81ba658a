package io.cdcflow.jobs.sink;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;

/**
 * The key values of a buffered row, equal by value: byte arrays by content, 1.50 = 1.5, and an
 * Integer as the Long of the same value (the COPY parser gives int4 as Integer, the log as Long).
 */
final class RowKey {

  private final Object[] values;
  private final int hash;

  RowKey(Object[] row, int[] keyIndexes) {
    values = new Object[keyIndexes.length];
    int h = 1;
    for (int i = 0; i < keyIndexes.length; i++) {
      Object v = widened(row[keyIndexes[i]]);
      values[i] = v;
      h = 31 * h + hash(v);
    }
    hash = h;
  }

  private static Object widened(Object v) {
    return v instanceof Integer || v instanceof Short || v instanceof Byte
        ? ((Number) v).longValue()
        : v;
  }

  private static int hash(Object v) {
    if (v instanceof byte[] b) {
      return Arrays.hashCode(b);
    }
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 ? 0 : d.stripTrailingZeros().hashCode();
    }
    return Objects.hashCode(v);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RowKey other)
        || other.hash != hash
        || other.values.length != values.length) {
      return false;
    }
    for (int i = 0; i < values.length; i++) {
      Object a = values[i];
      Object b = other.values[i];
      if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
        if (x.compareTo(y) != 0) {
          return false;
        }
      } else if (!Objects.deepEquals(a, b)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
