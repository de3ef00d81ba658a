package io.cdcflow.jobs.resnapshot;

import io.cdcflow.jobs.source.copy.LogSourceAfterCopy;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.CoordinationRequest;
import org.apache.flink.runtime.operators.coordination.CoordinationRequestHandler;
import org.apache.flink.runtime.operators.coordination.CoordinationResponse;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes copy-again requests from the control API and hands them to the first subtask of the {@link
 * ResnapshotOperator}, the one that carries the log. It keeps every request and its last progress
 * in its checkpoint, and answers a request only once a completed checkpoint holds it: an accepted
 * request survives any restart. After a restart of the first subtask it hands over again every
 * request not finished; the subtask knows those it already has.
 */
final class ResnapshotCoordinator implements OperatorCoordinator, CoordinationRequestHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ResnapshotCoordinator.class);

  private final PipelineSpec spec;
  private final Map<Long, ResnapshotProgress> requests = new LinkedHashMap<>();
  private final List<Pending> unanswered = new ArrayList<>();
  private SubtaskGateway logSubtask;
  private String refusal;
  private long lastId;

  /** A request answered once a checkpoint that began after it has completed. */
  private static final class Pending {
    final long id;
    final CompletableFuture<CoordinationResponse> answer = new CompletableFuture<>();
    long checkpoint = Long.MAX_VALUE;

    Pending(long id) {
      this.id = id;
    }
  }

  ResnapshotCoordinator(PipelineSpec spec) {
    this.spec = spec;
  }

  @Override
  public void start() {}

  @Override
  public synchronized void close() {
    failUnanswered("the job stopped before a checkpoint held the request; ask again");
  }

  @Override
  public synchronized CompletableFuture<CoordinationResponse> handleCoordinationRequest(
      CoordinationRequest request) {
    if (request instanceof ResnapshotRequest.Start start) {
      return start(start.table());
    }
    return CompletableFuture.completedFuture(response());
  }

  private CompletableFuture<CoordinationResponse> start(String asked) {
    if (refusal != null) {
      return CompletableFuture.completedFuture(
          new ResnapshotRequest.Response(List.copyOf(requests.values()), null, refusal));
    }
    List<String> matching = matching(asked);
    if (matching.size() != 1) {
      return CompletableFuture.completedFuture(
          new ResnapshotRequest.Response(
              List.copyOf(requests.values()),
              null,
              matching.isEmpty()
                  ? "the job copies no table " + asked
                  : asked
                      + " names more than one table ("
                      + String.join(", ", matching)
                      + "): give schema.table"));
    }
    String table = matching.get(0);
    for (ResnapshotProgress p : requests.values()) {
      if (p.table().equals(table) && !p.phase().finished()) {
        // already asked for and not done: the same copy answers both
        return CompletableFuture.completedFuture(response(p.id()));
      }
    }
    ResnapshotProgress queued =
        ResnapshotProgress.queued(++lastId, table, System.currentTimeMillis());
    requests.put(queued.id(), queued);
    Pending pending = new Pending(queued.id());
    unanswered.add(pending);
    send(queued);
    LOG.info("copy of {} again requested (#{})", table, queued.id());
    return pending.answer;
  }

  /** The job's source tables the name means: {@code schema.table}, or a table name. */
  private List<String> matching(String table) {
    List<String> exact = new ArrayList<>();
    List<String> byName = new ArrayList<>();
    for (TableSpec t : spec.tables()) {
      String name = t.sourceTable().toString();
      if (name.equals(table)) {
        exact.add(name);
      } else if (t.sourceTable().name().equals(table)) {
        byName.add(name);
      }
    }
    return exact.isEmpty() ? byName : exact;
  }

  private void send(ResnapshotProgress request) {
    if (logSubtask != null) {
      logSubtask.sendEvent(new ResnapshotEvent.Requested(request));
    }
  }

  private ResnapshotRequest.Response response() {
    return response(0);
  }

  private ResnapshotRequest.Response response(long request) {
    return new ResnapshotRequest.Response(
        List.copyOf(requests.values()), requests.get(request), refusal);
  }

  @Override
  public synchronized void handleEventFromOperator(int subtask, int attempt, OperatorEvent event) {
    if (event instanceof ResnapshotEvent.Reported reported) {
      // after a restart of the subtask its reports start again from its checkpoint: the truth
      requests.put(reported.progress().id(), reported.progress());
    } else if (event instanceof ResnapshotEvent.LogElsewhere elsewhere) {
      refusal =
          "the log of this job is read by subtask "
              + elsewhere.subtask()
              + " (a job restored from a checkpoint taken before cdcflow read the log on the first"
              + " subtask): stop the pipeline with a savepoint and start it again";
      LOG.warn(refusal);
    }
  }

  @Override
  public synchronized void checkpointCoordinator(
      long checkpointId, CompletableFuture<byte[]> result) {
    for (Pending p : unanswered) {
      p.checkpoint = Math.min(p.checkpoint, checkpointId);
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeLong(lastId);
        out.writeInt(requests.size());
        for (ResnapshotProgress p : requests.values()) {
          p.write(out);
        }
      }
      result.complete(bytes.toByteArray());
    } catch (IOException e) {
      result.completeExceptionally(e);
    }
  }

  @Override
  public synchronized void notifyCheckpointComplete(long checkpointId) {
    for (Iterator<Pending> it = unanswered.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.checkpoint <= checkpointId) {
        p.answer.complete(response(p.id));
        it.remove();
      }
    }
  }

  @Override
  public synchronized void resetToCheckpoint(long checkpointId, byte[] checkpoint) {
    failUnanswered("the job restarted before a checkpoint held the request; ask again");
    requests.clear();
    lastId = 0;
    refusal = null;
    if (checkpoint == null) {
      return;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(checkpoint))) {
      lastId = in.readLong();
      for (int i = in.readInt(); i > 0; i--) {
        ResnapshotProgress p = ResnapshotProgress.read(in);
        requests.put(p.id(), p);
      }
    } catch (IOException e) {
      throw new FlinkRuntimeException("cannot read the copy-again requests of the checkpoint", e);
    }
  }

  private void failUnanswered(String why) {
    unanswered.forEach(p -> p.answer.completeExceptionally(new FlinkRuntimeException(why)));
    unanswered.clear();
  }

  @Override
  public void subtaskReset(int subtask, long checkpointId) {}

  @Override
  public synchronized void executionAttemptFailed(int subtask, int attempt, Throwable reason) {
    if (subtask == LogSourceAfterCopy.LOG_SUBTASK) {
      logSubtask = null;
    }
  }

  @Override
  public synchronized void executionAttemptReady(int subtask, int attempt, SubtaskGateway gateway) {
    if (subtask != LogSourceAfterCopy.LOG_SUBTASK) {
      return;
    }
    logSubtask = gateway;
    requests.values().stream().filter(p -> !p.phase().finished()).forEach(this::send);
  }

  /** Makes the coordinator on the JobManager. */
  static final class Provider implements OperatorCoordinator.Provider {

    private static final long serialVersionUID = 1L;

    private final OperatorID operatorId;
    private final PipelineSpec spec;

    Provider(OperatorID operatorId, PipelineSpec spec) {
      this.operatorId = operatorId;
      this.spec = spec;
    }

    @Override
    public OperatorID getOperatorId() {
      return operatorId;
    }

    @Override
    public OperatorCoordinator create(Context context) {
      return new ResnapshotCoordinator(spec);
    }
  }
}
