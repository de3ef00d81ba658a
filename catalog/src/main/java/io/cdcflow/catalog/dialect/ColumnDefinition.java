package io.cdcflow.catalog.dialect;

import java.io.Serializable;
import java.util.Objects;

/**
 * A column cdcflow creates: name, type SQL of the target dialect, nullability, and optionally a
 * default as an SQL literal ({@code 7}, {@code 'x'}, {@code TRUE}), which a column added to a table
 * with rows needs to give those rows the value the source gave them.
 */
public record ColumnDefinition(String name, String type, boolean nullable, String defaultLiteral)
    implements Serializable {

  public ColumnDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  public ColumnDefinition(String name, String type, boolean nullable) {
    this(name, type, nullable, null);
  }
}
