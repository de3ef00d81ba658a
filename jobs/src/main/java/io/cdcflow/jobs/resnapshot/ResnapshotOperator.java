package io.cdcflow.jobs.resnapshot;

import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.source.copy.LogSourceAfterCopy;
import io.cdcflow.jobs.source.copy.TableCopy;
import io.cdcflow.jobs.spec.PipelineSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.apache.flink.runtime.operators.coordination.OperatorEventGateway;
import org.apache.flink.runtime.operators.coordination.OperatorEventHandler;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;

/**
 * Passes every change through, chained between the source and the sink. On the first subtask, the
 * one the log is read by ({@code LogSourceAfterCopy}), it also copies tables again when its
 * coordinator asks: one step at a time, each a mail of the task thread, so the log's changes go on
 * between two key ranges and the step's rows reach the sink in order with them.
 */
final class ResnapshotOperator extends AbstractStreamOperator<ChangeEvent>
    implements OneInputStreamOperator<ChangeEvent, ChangeEvent>, OperatorEventHandler {

  private static final long serialVersionUID = 1L;

  private final PipelineSpec spec;
  private transient OperatorEventGateway coordinator;
  private transient ListState<byte[]> checkpointed;
  private transient Deque<TableResnapshot> queue;
  private transient long lastTakenId;
  private transient boolean stepScheduled;
  private transient boolean logSeen;
  private transient TableCopy copy;

  ResnapshotOperator(PipelineSpec spec) {
    this.spec = spec;
  }

  void setCoordinator(OperatorEventGateway coordinator) {
    this.coordinator = coordinator;
  }

  private boolean carriesLog() {
    return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()
        == LogSourceAfterCopy.LOG_SUBTASK;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    // union: only the first subtask writes, and it reads all of it back whatever the parallelism
    checkpointed =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>(
                    "resnapshots", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    queue = new ArrayDeque<>();
    if (!carriesLog()) {
      return;
    }
    for (byte[] entry : checkpointed.get()) {
      if (entry.length == Long.BYTES) {
        lastTakenId = new DataInputStream(new ByteArrayInputStream(entry)).readLong();
      } else {
        queue.add(TableResnapshot.deserialize(entry));
      }
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    copy = new TableCopy(spec);
    scheduleStep();
  }

  @Override
  public void processElement(StreamRecord<ChangeEvent> record) {
    if (!logSeen && record.getValue().sourcePosition() != 0 && !carriesLog()) {
      logSeen = true;
      coordinator.sendEventToCoordinator(
          new ResnapshotEvent.LogElsewhere(
              getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()));
    }
    output.collect(record);
  }

  @Override
  public void handleOperatorEvent(OperatorEvent event) {
    if (event instanceof ResnapshotEvent.Requested requested && carriesLog()) {
      ResnapshotProgress request = requested.request();
      if (request.id() <= lastTakenId) {
        return; // handed over again after a restart: already in the queue, or done
      }
      lastTakenId = request.id();
      TableResnapshot table = TableResnapshot.of(spec, request);
      queue.add(table);
      report(table.progress());
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

  private void step() {
    stepScheduled = false;
    TableResnapshot table = queue.peek();
    if (table == null) {
      return;
    }
    table.step(spec, copy, row -> output.collect(new StreamRecord<>(row)));
    report(table.progress());
    if (table.progress().phase().finished()) {
      queue.poll();
    }
    scheduleStep();
  }

  private void report(ResnapshotProgress progress) {
    coordinator.sendEventToCoordinator(new ResnapshotEvent.Reported(progress));
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    checkpointed.clear();
    if (!carriesLog()) {
      return;
    }
    ByteArrayOutputStream id = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(id)) {
      out.writeLong(lastTakenId);
    }
    checkpointed.add(id.toByteArray());
    for (TableResnapshot table : queue) {
      checkpointed.add(table.serialize());
    }
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
