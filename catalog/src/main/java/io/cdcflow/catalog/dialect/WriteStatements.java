package io.cdcflow.catalog.dialect;

import io.cdcflow.catalog.discovery.TableId;
import java.util.List;

/**
 * The parameterised statements a sink writes rows with. Parameters are positional, in the order of
 * the columns given; key columns last for {@link #update} and {@link #delete}.
 */
public interface WriteStatements {

  /**
   * Inserts a row or, when its key exists, overwrites the given non-key columns. Columns not listed
   * keep their value on update and get their default on insert.
   */
  String upsert(TableId table, List<String> columns, List<String> keyColumns);

  /** Updates the listed columns of the row with the key; parameters: set columns, then keys. */
  String update(TableId table, List<String> setColumns, List<String> keyColumns);

  /** Deletes the row with the key. */
  String delete(TableId table, List<String> keyColumns);
}
