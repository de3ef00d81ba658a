package io.cdcflow.api.quality;

import io.cdcflow.jobs.spec.ColumnSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a compared table's columns are read on both sides, decided by the column's types at the
 * source or the target (so both sides read alike, whatever one of them stores it as): JSON with its
 * keys sorted; fixed-width text without its padding (PostgreSQL pads a {@code character(n)}, MySQL
 * does not, and a long one lands in a MySQL {@code varchar} padded).
 */
record ValueReadings(Set<String> json, Set<String> unpadded) {

  private static final Pattern FIXED_WIDTH =
      Pattern.compile("(character|char|bpchar)(\\s*\\(\\d+\\))?");

  static ValueReadings of(TableSpec spec) {
    return new ValueReadings(
        columns(spec, ValueReadings::isJson), columns(spec, ValueReadings::isFixedWidth));
  }

  private static Set<String> columns(TableSpec spec, java.util.function.Predicate<String> type) {
    return spec.columns().stream()
        .filter(c -> type.test(c.sourceType()) || type.test(c.targetType()))
        .map(ColumnSpec::name)
        .collect(Collectors.toSet());
  }

  private static boolean isJson(String type) {
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("json");
  }

  private static boolean isFixedWidth(String type) {
    return type != null && FIXED_WIDTH.matcher(type.trim().toLowerCase(Locale.ROOT)).matches();
  }
}
