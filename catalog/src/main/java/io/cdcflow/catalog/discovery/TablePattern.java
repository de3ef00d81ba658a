package io.cdcflow.catalog.discovery;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A table selector with {@code *} wildcards: {@code public.*}, {@code sales.order_*}, or a bare
 * {@code order_*} that matches the name in any schema. Everything but {@code *} is literal, so
 * names with dots, spaces or regex characters match only themselves; a part in double quotes may
 * contain dots.
 */
public final class TablePattern {

  private final String text;
  private final Pattern schema;
  private final Pattern name;

  private TablePattern(String text, Pattern schema, Pattern name) {
    this.text = text;
    this.schema = schema;
    this.name = name;
  }

  /** {@code schema.name} or {@code name}; both parts may use {@code *}. */
  public static TablePattern parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("table pattern is empty");
    }
    String trimmed = text.trim();
    QualifiedName parsed = QualifiedName.parse(trimmed);
    if (parsed.schema().isEmpty()) {
      return new TablePattern(trimmed, null, glob(parsed.name()));
    }
    String schemaPart = parsed.schema().get();
    String namePart = parsed.name();
    if (schemaPart.isEmpty() || namePart.isEmpty()) {
      throw new IllegalArgumentException(
          "table pattern '" + text + "' must look like schema.table, schema.* or table");
    }
    return new TablePattern(trimmed, glob(schemaPart), glob(namePart));
  }

  /** A filter on the table name only. */
  public static TablePattern forName(String nameGlob) {
    if (nameGlob == null || nameGlob.isBlank()) {
      throw new IllegalArgumentException("name pattern is empty");
    }
    return new TablePattern(nameGlob, null, glob(nameGlob));
  }

  public boolean matches(TableId id) {
    return (schema == null || schema.matcher(id.schema()).matches())
        && name.matcher(id.name()).matches();
  }

  public boolean matchesName(String tableName) {
    return name.matcher(tableName).matches();
  }

  /** True when the pattern names one table exactly, without wildcards. */
  public boolean isLiteral() {
    return !text.contains("*");
  }

  /** The one table the pattern names, when it is {@code schema.name} without wildcards. */
  public Optional<TableId> literalTable() {
    if (!isLiteral()) {
      return Optional.empty();
    }
    QualifiedName parsed = QualifiedName.parse(text);
    return parsed.schema().map(schemaName -> new TableId(schemaName, parsed.name()));
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    int start = 0;
    for (int i = 0; i < glob.length(); i++) {
      if (glob.charAt(i) == '*') {
        regex.append(Pattern.quote(glob.substring(start, i))).append(".*");
        start = i + 1;
      }
    }
    regex.append(Pattern.quote(glob.substring(start)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  @Override
  public String toString() {
    return text;
  }
}
