package io.cdcflow.jobs.resnapshot;

import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.source.copy.TableCopy;
import io.cdcflow.jobs.spec.PipelineSpec;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.apache.flink.runtime.operators.coordination.OperatorEventGateway;
import org.apache.flink.runtime.operators.coordination.OperatorEventHandler;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;

/**
 * Passes every change through, chained between the source and the sink. In the task whose reader
 * got the log's split ({@link ChangeEvent#LOG_READ_HERE}, passed on to the sink, which skips it) it
 * also copies tables again when its coordinator asks: one step at a time, each a mail of the task
 * thread, so the log's changes go on between two key ranges and each range's rows reach the sink in
 * order with them. It keeps no state: the coordinator keeps every request's progress and hands it
 * back after a restart.
 */
final class ResnapshotOperator extends AbstractStreamOperator<ChangeEvent>
    implements OneInputStreamOperator<ChangeEvent, ChangeEvent>, OperatorEventHandler {

  private static final long serialVersionUID = 1L;

  private final PipelineSpec spec;
  private transient OperatorEventGateway coordinator;
  private transient Deque<TableResnapshot> queue;
  private transient boolean readsLog;
  private transient boolean stepScheduled;
  private transient TableCopy copy;

  ResnapshotOperator(PipelineSpec spec) {
    this.spec = spec;
  }

  void setCoordinator(OperatorEventGateway coordinator) {
    this.coordinator = coordinator;
  }

  @Override
  public void open() throws Exception {
    super.open();
    queue = new ArrayDeque<>();
    copy = new TableCopy(spec);
  }

  @Override
  public void processElement(StreamRecord<ChangeEvent> record) {
    ChangeEvent event = record.getValue();
    if (event.isLogReadHere()) {
      readsLog = true;
      coordinator.sendEventToCoordinator(new ResnapshotEvent.LogHere());
    }
    if (event.op() == ChangeEvent.Op.TRUNCATE) {
      coordinator.sendEventToCoordinator(
          new ResnapshotEvent.Truncated(spec.tables().get(event.table()).sourceTable().toString()));
      return;
    }
    // the marker goes on to the sink, which skips it: it counts among the records the sink
    // received as it did among those the source emitted, which the lag compares
    output.collect(record);
  }

  @Override
  public void handleOperatorEvent(OperatorEvent event) {
    if (!(event instanceof ResnapshotEvent.Requested requested) || !readsLog) {
      return;
    }
    long id = requested.task().progress().id();
    if (queue.stream().noneMatch(t -> t.progress().id() == id)) {
      queue.add(TableResnapshot.of(spec, requested.task()));
      scheduleStep();
    }
  }

  private void scheduleStep() {
    if (stepScheduled || queue.isEmpty()) {
      return;
    }
    stepScheduled = true;
    ProcessingTimeService time = getProcessingTimeService();
    time.registerTimer(time.getCurrentProcessingTime(), ignored -> step());
  }

  private void step() throws Exception {
    stepScheduled = false;
    TableResnapshot table = queue.peek();
    if (table == null) {
      return;
    }
    table.step(spec, copy, row -> output.collect(new StreamRecord<>(row)));
    coordinator.sendEventToCoordinator(new ResnapshotEvent.Reported(table.task(spec)));
    if (table.progress().phase().finished()) {
      queue.poll();
    }
    scheduleStep();
  }

  @Override
  public void close() throws Exception {
    try {
      if (queue != null) {
        queue.forEach(TableResnapshot::close);
      }
      if (copy != null) {
        copy.close();
      }
    } finally {
      super.close();
    }
  }
}
