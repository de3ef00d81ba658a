package io.cdcflow.catalog.discovery;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * A foreign key: {@code columns} of {@code table} reference {@code referencedColumns}.
 *
 * @param onUpdate what an update of the referenced key does to this table's rows: {@code CASCADE},
 *     {@code SET NULL} or {@code SET DEFAULT}; null when it changes none (NO ACTION, RESTRICT)
 * @param onDelete the same for a delete of the referenced row
 */
public record ForeignKey(
    String name,
    TableId table,
    List<String> columns,
    TableId referencedTable,
    List<String> referencedColumns,
    String onUpdate,
    String onDelete)
    implements Serializable {

  public ForeignKey {
    columns = List.copyOf(columns);
    referencedColumns = List.copyOf(referencedColumns);
    onUpdate = effect(onUpdate);
    onDelete = effect(onDelete);
  }

  public ForeignKey(
      String name,
      TableId table,
      List<String> columns,
      TableId referencedTable,
      List<String> referencedColumns) {
    this(name, table, columns, referencedTable, referencedColumns, null, null);
  }

  /** Whether a change of the referenced table changes rows of this one. */
  public boolean changesRows() {
    return onUpdate != null || onDelete != null;
  }

  private static String effect(String rule) {
    if (rule == null) {
      return null;
    }
    String r = rule.trim().toUpperCase(Locale.ROOT);
    return r.equals("CASCADE") || r.equals("SET NULL") || r.equals("SET DEFAULT") ? r : null;
  }
}
