package io.cdcflow.catalog.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Which source tables a pipeline moves: include and exclude patterns with {@code *} wildcards
 * ({@code public.*}, {@code sales.order_*}), and key columns chosen for tables without a primary
 * key, by {@code schema.table}.
 */
public record TableSelection(
    List<String> include, List<String> exclude, Map<String, List<String>> keyColumns) {

  public TableSelection {
    include = include == null ? List.of() : List.copyOf(include);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    keyColumns = keyColumns == null ? Map.of() : Map.copyOf(keyColumns);
  }
}
