package io.cdcflow.catalog.store;

import io.cdcflow.catalog.discovery.TableId;
import java.time.Instant;
import java.util.List;

/**
 * A table a pipeline moves, with the target name it was given.
 *
 * @param copiedAt when a streaming pipeline's copy of the table had ended and its log was read;
 *     null while it has not (or never will, for a full load)
 * @param missingSince since when the source no longer has the table (dropped or renamed while the
 *     job ran), as the metrics collector found; null while it has
 */
public record PipelineTableRow(
    TableId source,
    TableId target,
    List<String> keyColumns,
    boolean explicit,
    Instant copiedAt,
    Instant missingSince) {

  public PipelineTableRow {
    keyColumns = keyColumns == null ? List.of() : List.copyOf(keyColumns);
  }

  public PipelineTableRow(
      TableId source, TableId target, List<String> keyColumns, boolean explicit) {
    this(source, target, keyColumns, explicit, null, null);
  }
}
