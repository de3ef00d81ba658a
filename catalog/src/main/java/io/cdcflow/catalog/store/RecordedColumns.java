package io.cdcflow.catalog.store;

import io.cdcflow.catalog.discovery.TableId;
import java.util.List;

/**
 * A table's columns as a pipeline's last submitted job was given them.
 *
 * @param keyColumns the key the job was given with them
 * @param columnsJson the job spec's columns of the table, as JSON
 */
public record RecordedColumns(TableId table, List<String> keyColumns, String columnsJson) {

  public RecordedColumns {
    keyColumns = List.copyOf(keyColumns);
  }
}
