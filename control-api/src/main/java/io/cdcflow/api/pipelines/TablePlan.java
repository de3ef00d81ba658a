package io.cdcflow.api.pipelines;

import io.cdcflow.catalog.discovery.TableId;
import java.util.List;

/**
 * One source table a pipeline moves and where it goes.
 *
 * @param keyColumns the primary key, or the key columns chosen in the definition; empty when the
 *     table has neither (such a table cannot be moved)
 * @param keySource {@code primary_key}, {@code chosen} or {@code none}
 */
public record TablePlan(
    TableId source, TableId target, List<String> keyColumns, String keySource, long estimatedRows) {

  public TablePlan {
    keyColumns = List.copyOf(keyColumns);
  }
}
