package io.cdcflow.catalog.discovery;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Objects;

/**
 * A table's name within a database: PostgreSQL schema + table, or MySQL database + table. Names are
 * kept exactly as the database stores them (case, spaces, quotes); dialects quote them.
 */
public record TableId(String schema, String name) implements Comparable<TableId>, Serializable {

  private static final Comparator<TableId> ORDER =
      Comparator.comparing(TableId::schema).thenComparing(TableId::name);

  public TableId {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
  }

  /**
   * Parses {@code schema.table}. The first dot outside double quotes separates the parts, so {@code
   * "my.schema"."a table"} works; a bare name takes {@code defaultSchema}.
   */
  public static TableId parse(String text, String defaultSchema) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("table name is empty");
    }
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        return new TableId(unquote(text.substring(0, i)), unquote(text.substring(i + 1)));
      }
    }
    if (defaultSchema == null) {
      throw new IllegalArgumentException("table name '" + text + "' needs a schema: schema.table");
    }
    return new TableId(defaultSchema, unquote(text));
  }

  private static String unquote(String part) {
    String p = part.trim();
    if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
      return p.substring(1, p.length() - 1).replace("\"\"", "\"");
    }
    return p;
  }

  @Override
  public int compareTo(TableId other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return schema + "." + name;
  }
}
