package io.cdcflow.jobs.sink;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.dialect.TableDefinition;
import io.cdcflow.catalog.dialect.TargetTables;
import io.cdcflow.catalog.pipeline.SchemaChangePolicy;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.ColumnChange;
import io.cdcflow.jobs.spec.TableSpec;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers changes per target table and writes them in one transaction: when the batch is full, when
 * the oldest buffered change waited the flush interval (a processing-time timer, run on the task's
 * own thread), before every checkpoint barrier and at the end of input. Writes are upserts and
 * deletes by key, so replaying changes after a recovery converges to the same rows.
 *
 * <p>A timed flush that fails fails the task at once; its error is also kept and rethrown by the
 * next write or flush. A column change at the source (added, renamed, widened, dropped) is made at
 * the target (ALTER TABLE, racing writers tolerated) before the first row that has it is buffered.
 */
final class ChangeEventWriter implements SinkWriter<ChangeEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeEventWriter.class);

  private final SinkSettings settings;
  private final Dialect dialect;
  private final TableBuffer[] buffers;
  private final TargetSession session;
  private final TargetColumnFollower columns;
  private final SinkMetrics metrics;
  private final ProcessingTimeService timers;
  private final long flushIntervalMs;
  private int buffered;
  private long oldestBufferedAt = -1;
  private long timerDue = -1;
  private long newestBufferedPosition;
  private Exception flushError;
  private boolean closed;

  ChangeEventWriter(SinkSettings settings, WriterInitContext context) throws IOException {
    this.settings = settings;
    this.dialect = Dialect.of(settings.target().type());
    List<TableSpec> tables = settings.tables();
    this.buffers = new TableBuffer[tables.size()];
    for (int i = 0; i < buffers.length; i++) {
      TableSpec table = tables.get(i);
      CopyUpserts bulk =
          settings.target().type() == DatabaseType.POSTGRES
              ? new CopyUpserts(table.targetTable(), i)
              : null;
      buffers[i] = new TableBuffer(table, dialect.writeStatements(), bulk);
    }
    this.session = new TargetSession(settings.target(), settings.maxRetries());
    this.columns =
        new TargetColumnFollower(
            session,
            new TargetTables(dialect),
            settings.schemaChanges() == SchemaChangePolicy.TRY_EVOLVE);
    this.metrics =
        new SinkMetrics(
            context.metricGroup(), tables.stream().map(TableSpec::targetTable).toList());
    this.timers = context.getProcessingTimeService();
    this.flushIntervalMs = settings.flushInterval().toMillis();
    ensureTargetTables();
  }

  @Override
  public void write(ChangeEvent event, Context context) throws IOException {
    checkFlushError();
    if (event.isLogReadHere()) {
      return;
    }
    if (event.op() == ChangeEvent.Op.TRUNCATE) {
      // only a job that copies by key ranges and then reads the log copies a table again
      throw new IOException(
          "table "
              + settings.tables().get(event.table()).sourceTable()
              + " was truncated at the source; this pipeline's job cannot copy it again while it"
              + " runs (only a FULL_LOAD_AND_CDC pipeline whose tables are read by key ranges"
              + " does): truncate "
              + settings.tables().get(event.table()).targetTable()
              + " too and start the pipeline afresh (POST /api/pipelines/{id}/resnapshot), or set"
              + " schema_changes: lenient to keep the target's rows");
    }
    TableBuffer buffer = buffers[event.table()];
    Object[] values = event.values();
    if (!event.columnChanges().isEmpty()
        || buffer.hasDropped()
        || values.length != buffer.columns().size()) {
      values = align(buffer, event);
    }
    buffer.add(
        event.op(),
        values,
        event.sourceTimestampMs(),
        values == event.values() ? event.copyText() : null);
    newestBufferedPosition = Math.max(newestBufferedPosition, event.sourcePosition());
    if (buffered++ == 0) {
      oldestBufferedAt = timers.getCurrentProcessingTime();
      scheduleFlush(oldestBufferedAt + flushIntervalMs);
    }
    if (buffered >= settings.batchSize()) {
      flushAll();
    }
    metrics.buffered(buffered);
  }

  @Override
  public void flush(boolean endOfInput) throws IOException {
    checkFlushError();
    flushAll();
  }

  @Override
  public void close() {
    closed = true;
    session.close();
  }

  private void flushAll() throws IOException {
    if (buffered == 0) {
      return;
    }
    long start = System.nanoTime();
    int[] written;
    try {
      written =
          session.inTransaction(
              "flush of " + buffered + " rows",
              s -> {
                int[] counts = new int[buffers.length];
                for (int i = 0; i < buffers.length; i++) {
                  counts[i] = buffers[i].write(s);
                }
                return counts;
              });
    } catch (SQLException e) {
      throw new IOException(
          "writing "
              + buffered
              + " rows to "
              + settings.target()
              + " failed: "
              + TargetSession.describe(e),
          e);
    }
    long newest = 0;
    for (int i = 0; i < buffers.length; i++) {
      if (written[i] > 0) {
        metrics.written(i, written[i]);
        newest = Math.max(newest, buffers[i].maxSourceTimestamp());
      }
      buffers[i].clear();
    }
    buffered = 0;
    oldestBufferedAt = -1;
    metrics.buffered(0);
    metrics.flushed((System.nanoTime() - start) / 1_000_000, newest, newestBufferedPosition);
  }

  /**
   * The event's values in the buffer's column order, after the target table followed every column
   * change the event carries that it had not yet.
   */
  private Object[] align(TableBuffer buffer, ChangeEvent event) throws IOException {
    List<ColumnChange> changes = event.columnChanges();
    for (int i = buffer.followed(); i < changes.size(); i++) {
      // rows buffered so far have the columns as they were: write them first
      flushAll();
      columns.follow(buffer, changes.get(i));
    }
    return buffer.align(event);
  }

  /**
   * The tables exist already when the job was started through PipelineSetup; a job restored on a
   * cluster whose target lost them gets them back. Writers race: a lost race is retried.
   */
  private void ensureTargetTables() throws IOException {
    List<TableDefinition> definitions =
        settings.tables().stream().map(TableSpec::targetDefinition).toList();
    SQLException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        session.inTransaction(
            "checking target tables",
            s -> new TargetTables(dialect).ensureTables(s.connection(), definitions));
        return;
      } catch (SQLException e) {
        last = e;
        session.close();
      }
    }
    throw new IOException(
        "cannot create the target tables on "
            + settings.target()
            + ": "
            + TargetSession.describe(last),
        last);
  }

  /**
   * One timer at a time, due when the oldest buffered row has waited the flush interval (a timer on
   * a fixed cadence would let a row wait up to twice the interval).
   */
  private void scheduleFlush(long due) {
    if (timerDue < 0) {
      timerDue = due;
      timers.registerTimer(due, this::onTimer);
    }
  }

  private void onTimer(long time) throws Exception {
    timerDue = -1;
    if (closed || buffered == 0) {
      return;
    }
    long due = oldestBufferedAt + flushIntervalMs;
    if (time < due) {
      // rows flushed meanwhile (full batch, checkpoint): the newer oldest row's turn
      scheduleFlush(due);
      return;
    }
    try {
      flushAll();
    } catch (Exception e) {
      flushError = e;
      throw e;
    }
  }

  private void checkFlushError() throws IOException {
    if (flushError != null) {
      throw new IOException(
          "an earlier timed flush failed: " + flushError.getMessage(), flushError);
    }
  }
}
