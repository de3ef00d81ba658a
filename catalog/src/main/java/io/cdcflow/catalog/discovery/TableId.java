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
    QualifiedName parsed = QualifiedName.parse(text);
    if (parsed.schema().isEmpty() && defaultSchema == null) {
      throw new IllegalArgumentException("table name '" + text + "' needs a schema: schema.table");
    }
    return new TableId(parsed.schema().orElse(defaultSchema), parsed.name());
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
