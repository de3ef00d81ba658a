package io.cdcflow.jobs.sink;

import io.cdcflow.catalog.discovery.TableId;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * What the sink reports through Flink's metrics (and so its REST API and Prometheus reporter):
 * {@code schema.<schema>.table.<table>.rowsWritten} per target table (the layout Flink CDC's own
 * per-table metrics use), {@code flushLatencyMs} of the last flush, {@code
 * lastAppliedSourceTimestampMs} (commit time at the source of the newest change written; 0 until a
 * streamed change is written), {@code lastAppliedSourcePosition} (its log position, see {@link
 * io.cdcflow.jobs.event.ChangeEvent#sourcePosition()}), {@code bufferedRows}, plus Flink's standard
 * {@code numRecordsSend}.
 */
final class SinkMetrics {

  static final String SCHEMA_GROUP = "schema";
  static final String TABLE_GROUP = "table";
  static final String ROWS_WRITTEN = "rowsWritten";
  static final String FLUSH_LATENCY = "flushLatencyMs";
  static final String LAST_APPLIED = "lastAppliedSourceTimestampMs";
  static final String BUFFERED = "bufferedRows";
  static final String LAST_APPLIED_POSITION = "lastAppliedSourcePosition";

  private final Counter[] rowsWritten;
  private final Counter recordsSend;
  private volatile long flushLatencyMs;
  private volatile long lastAppliedSourceTimestampMs;
  private volatile long bufferedRows;
  private volatile long lastAppliedSourcePosition;

  SinkMetrics(SinkWriterMetricGroup group, List<TableId> tables) {
    rowsWritten = new Counter[tables.size()];
    for (int i = 0; i < rowsWritten.length; i++) {
      MetricGroup table =
          group
              .addGroup(SCHEMA_GROUP, tables.get(i).schema())
              .addGroup(TABLE_GROUP, tables.get(i).name());
      rowsWritten[i] = table.counter(ROWS_WRITTEN);
    }
    recordsSend = group.getNumRecordsSendCounter();
    group.gauge(FLUSH_LATENCY, () -> flushLatencyMs);
    group.gauge(LAST_APPLIED, () -> lastAppliedSourceTimestampMs);
    group.gauge(BUFFERED, () -> bufferedRows);
    group.gauge(LAST_APPLIED_POSITION, () -> lastAppliedSourcePosition);
  }

  void written(int table, int rows) {
    rowsWritten[table].inc(rows);
    recordsSend.inc(rows);
  }

  void flushed(long latencyMs, long newestSourceTimestampMs, long newestSourcePosition) {
    flushLatencyMs = latencyMs;
    if (newestSourcePosition > lastAppliedSourcePosition) {
      lastAppliedSourcePosition = newestSourcePosition;
    }
    if (newestSourceTimestampMs > lastAppliedSourceTimestampMs) {
      lastAppliedSourceTimestampMs = newestSourceTimestampMs;
    }
  }

  void buffered(long rows) {
    bufferedRows = rows;
  }
}
