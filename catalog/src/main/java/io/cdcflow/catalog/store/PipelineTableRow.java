package io.cdcflow.catalog.store;

import io.cdcflow.catalog.discovery.TableId;
import java.util.List;

/** A table a pipeline moves, with the target name it was given. */
public record PipelineTableRow(
    TableId source, TableId target, List<String> keyColumns, boolean explicit) {

  public PipelineTableRow {
    keyColumns = keyColumns == null ? List.of() : List.copyOf(keyColumns);
  }
}
