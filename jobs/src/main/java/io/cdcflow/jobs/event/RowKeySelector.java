package io.cdcflow.jobs.event;

import io.cdcflow.jobs.spec.PipelineSpec;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Routes each change by (table, key values), so every change of a row reaches the same sink writer
 * in source order. The key is a stable hash: the sink keeps no keyed state, the key only spreads
 * the rows.
 */
public final class RowKeySelector implements KeySelector<ChangeEvent, Integer> {

  private static final long serialVersionUID = 1L;

  private final int[][] keyIndexes;

  public RowKeySelector(PipelineSpec spec) {
    keyIndexes = spec.tables().stream().map(t -> t.keyIndexes()).toArray(int[][]::new);
  }

  @Override
  public Integer getKey(ChangeEvent event) {
    return event.keyHash(keyIndexes[event.table()]);
  }
}
