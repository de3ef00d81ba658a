package io.cdcflow.jobs.resnapshot;

import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
 * Takes copy-again requests from the control API and hands them to the {@link ResnapshotOperator}
 * of the subtask that reads the log (it says so when its reader gets the log's split). It is the
 * one keeper of every request's progress and remaining key ranges: the operator reports after each
 * step, and gets them back after a restart. Its checkpoint holds them; a request is answered only
 * once a completed checkpoint holds it, so an accepted request survives any restart. When only the
 * log's subtask is restored (Flink restores each task of this job alone), the requests go back to
 * what the checkpoint that subtask restores from holds: the rows of later steps were written by a
 * sink whose unflushed rows are gone.
 */
final class ResnapshotCoordinator implements OperatorCoordinator, CoordinationRequestHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ResnapshotCoordinator.class);
  private static final int STATE_VERSION = 3;

  private final PipelineSpec spec;
  private final Map<Long, ResnapshotTask> tasks = new LinkedHashMap<>();
  private final List<Pending> unanswered = new ArrayList<>();
  private final TreeMap<Long, byte[]> checkpoints = new TreeMap<>();
  private final Map<Integer, SubtaskGateway> gateways = new HashMap<>();
  private int logSubtask = -1;
  private int logAttempt = -1;
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

  private final Context context;

  ResnapshotCoordinator(PipelineSpec spec, Context context) {
    this.spec = spec;
    this.context = context;
  }

  @Override
  public synchronized void start() {
    followSpec();
  }

  /**
   * Brings the tasks in line with the job's tables: those of tables the job no longer has are
   * dropped (a table removed and added again is copied again), and each table added to the pipeline
   * since its first copy is queued, unless a task already copies it, or has copied it into the same
   * target (the log has carried its changes since: a job restored from its own checkpoint, or a
   * pipeline stopped before the control API saw the copy end).
   */
  private void followSpec() {
    tasks.values().removeIf(t -> TableResnapshot.index(spec, t.progress().table()) < 0);
    for (TableId added : spec.addedTables()) {
      String name = added.toString();
      int index = TableResnapshot.index(spec, name);
      boolean covered =
          tasks.values().stream()
              .anyMatch(
                  t ->
                      t.progress().table().equals(name)
                          && t.progress().bounds().whole()
                          && t.progress().phase() != ResnapshotProgress.Phase.FAILED
                          && (!t.progress().phase().finished()
                              || t.fingerprint() == TableResnapshot.fingerprint(spec, index)));
      if (index >= 0 && !covered) {
        ResnapshotProgress queued =
            ResnapshotProgress.queued(
                ++lastId, name, ResnapshotProgress.Origin.ADDED, System.currentTimeMillis());
        tasks.put(queued.id(), ResnapshotTask.queued(queued));
        LOG.info(
            "{} was added to the pipeline: copied while the others stream (#{})", name, lastId);
      }
    }
  }

  @Override
  public synchronized void close() {
    failUnanswered("the job stopped before a checkpoint held the request; ask again");
  }

  @Override
  public synchronized CompletableFuture<CoordinationResponse> handleCoordinationRequest(
      CoordinationRequest request) {
    if (request instanceof ResnapshotRequest.Start start) {
      return start(start.table(), start.boundsOrWhole());
    }
    return CompletableFuture.completedFuture(response(0));
  }

  private CompletableFuture<CoordinationResponse> start(String asked, KeyBounds bounds) {
    List<TableSpec> matching = matching(asked);
    if (matching.isEmpty()) {
      return refused(ResnapshotRequest.Refusal.NO_SUCH_TABLE, "the job copies no table " + asked);
    }
    if (matching.size() > 1) {
      return refused(
          ResnapshotRequest.Refusal.AMBIGUOUS,
          asked
              + " names more than one table ("
              + String.join(", ", matching.stream().map(t -> t.sourceTable().toString()).toList())
              + "): give schema.table");
    }
    TableSpec table = matching.get(0);
    Optional<String> key = AbsentRowSweep.unsupportedKey(spec, table);
    if (key.isPresent()) {
      return refused(ResnapshotRequest.Refusal.NOT_SUPPORTED, key.get());
    }
    String name = table.sourceTable().toString();
    for (ResnapshotTask t : tasks.values()) {
      if (t.progress().table().equals(name)
          && !t.progress().phase().finished()
          && t.progress().bounds().covers(bounds)) {
        // already asked for and not done: the same copy answers both, once it is held
        for (Pending p : unanswered) {
          if (p.id == t.progress().id()) {
            return p.answer;
          }
        }
        return CompletableFuture.completedFuture(response(t.progress().id()));
      }
    }
    ResnapshotTask task = queue(name, bounds);
    Pending pending = new Pending(task.progress().id());
    unanswered.add(pending);
    LOG.info(
        "copy of {} again requested (#{}){}",
        name,
        task.progress().id(),
        bounds.whole() ? "" : ", keys " + bounds);
    return pending.answer;
  }

  /** Queues a copy of the table (or of its keys within the bounds) and sends it to the log's. */
  private ResnapshotTask queue(String name, KeyBounds bounds) {
    ResnapshotProgress queued =
        ResnapshotProgress.queued(
            ++lastId,
            name,
            ResnapshotProgress.Origin.REQUESTED,
            bounds,
            System.currentTimeMillis());
    ResnapshotTask task = ResnapshotTask.queued(queued);
    tasks.put(queued.id(), task);
    send(task);
    return task;
  }

  private CompletableFuture<CoordinationResponse> refused(
      ResnapshotRequest.Refusal refusal, String why) {
    return CompletableFuture.completedFuture(
        new ResnapshotRequest.Response(List.copyOf(progress()), null, refusal, why));
  }

  /** The job's source tables the name means: {@code schema.table}, or a table name. */
  private List<TableSpec> matching(String table) {
    List<TableSpec> exact = new ArrayList<>();
    List<TableSpec> byName = new ArrayList<>();
    for (TableSpec t : spec.tables()) {
      if (t.sourceTable().toString().equals(table)) {
        exact.add(t);
      } else if (t.sourceTable().name().equals(table)) {
        byName.add(t);
      }
    }
    return exact.isEmpty() ? byName : exact;
  }

  private void send(ResnapshotTask task) {
    SubtaskGateway gateway = gateways.get(logSubtask);
    if (gateway != null) {
      gateway.sendEvent(new ResnapshotEvent.Requested(task));
    }
  }

  private List<ResnapshotProgress> progress() {
    return tasks.values().stream().map(ResnapshotTask::progress).toList();
  }

  private ResnapshotRequest.Response response(long request) {
    ResnapshotTask task = tasks.get(request);
    return new ResnapshotRequest.Response(
        List.copyOf(progress()), task == null ? null : task.progress(), null, null);
  }

  @Override
  public synchronized void handleEventFromOperator(int subtask, int attempt, OperatorEvent event) {
    if (event instanceof ResnapshotEvent.LogHere) {
      logSubtask = subtask;
      logAttempt = attempt;
      tasks.values().stream().filter(t -> !t.progress().phase().finished()).forEach(this::send);
    } else if (event instanceof ResnapshotEvent.Truncated truncated) {
      List<TableSpec> table = matching(truncated.table());
      Optional<String> key =
          table.size() == 1 ? AbsentRowSweep.unsupportedKey(spec, table.get(0)) : Optional.empty();
      if (key.isPresent()) {
        // a copy again could not remove the rows the source lost
        context.failJob(
            new IllegalStateException(
                "table "
                    + truncated.table()
                    + " was truncated at the source, and cannot be copied again while the job"
                    + " runs ("
                    + key.get()
                    + "): truncate its target table too and start the pipeline afresh"));
      } else if (table.size() == 1) {
        // even with a copy of it under way: that copy may have read rows the source has lost
        ResnapshotTask task = queue(truncated.table(), KeyBounds.WHOLE);
        LOG.info(
            "{} was truncated at the source: copied again (#{}), and the rows the source no longer"
                + " has removed from its target",
            truncated.table(),
            task.progress().id());
      }
    } else if (event instanceof ResnapshotEvent.Reported reported
        && subtask == logSubtask
        && attempt == logAttempt) {
      // a late report of an attempt that failed is not taken: its steps were rolled back
      tasks.put(reported.task().progress().id(), reported.task());
    }
  }

  @Override
  public synchronized void checkpointCoordinator(
      long checkpointId, CompletableFuture<byte[]> result) {
    for (Pending p : unanswered) {
      p.checkpoint = Math.min(p.checkpoint, checkpointId);
    }
    try {
      byte[] state = serialize(tasks, lastId);
      checkpoints.put(checkpointId, state);
      result.complete(state);
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
    // a subtask is only ever restored from a completed checkpoint, the newest or a later one
    checkpoints.headMap(checkpointId, false).clear();
  }

  @Override
  public synchronized void notifyCheckpointAborted(long checkpointId) {
    checkpoints.remove(checkpointId);
  }

  @Override
  public synchronized void resetToCheckpoint(long checkpointId, byte[] checkpoint) {
    failUnanswered("the job restarted before a checkpoint held the request; ask again");
    checkpoints.clear();
    logSubtask = -1;
    tasks.clear();
    lastId = 0;
    if (checkpoint != null) {
      lastId = deserialize(checkpoint, tasks);
      // a subtask may yet be reset to it alone (say, a savepoint no checkpoint has followed)
      checkpoints.put(checkpointId, checkpoint);
    }
    followSpec();
  }

  @Override
  public synchronized void subtaskReset(int subtask, long checkpointId) {
    if (subtask != logSubtask) {
      return;
    }
    logSubtask = -1;
    // back to what the restored checkpoint holds; requests made after it are copied from the start
    Map<Long, ResnapshotTask> restored = new LinkedHashMap<>();
    byte[] state = checkpoints.get(checkpointId);
    if (state != null) {
      deserialize(state, restored);
    }
    tasks.replaceAll(
        (id, task) -> restored.getOrDefault(id, ResnapshotTask.queued(task.progress().again())));
  }

  private void failUnanswered(String why) {
    unanswered.forEach(p -> p.answer.completeExceptionally(new FlinkRuntimeException(why)));
    unanswered.clear();
  }

  @Override
  public synchronized void executionAttemptFailed(int subtask, int attempt, Throwable reason) {
    gateways.remove(subtask);
  }

  @Override
  public synchronized void executionAttemptReady(int subtask, int attempt, SubtaskGateway gateway) {
    gateways.put(subtask, gateway);
  }

  private static byte[] serialize(Map<Long, ResnapshotTask> tasks, long lastId) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(STATE_VERSION);
      out.writeLong(lastId);
      out.writeInt(tasks.size());
      for (ResnapshotTask t : tasks.values()) {
        t.write(out);
      }
    }
    return bytes.toByteArray();
  }

  /** Reads the tasks into {@code into}; returns the last id. */
  private static long deserialize(byte[] state, Map<Long, ResnapshotTask> into) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      int version = in.readInt();
      if (version < 2 || version > STATE_VERSION) {
        throw new IOException("unknown version " + version);
      }
      long lastId = in.readLong();
      for (int i = in.readInt(); i > 0; i--) {
        ResnapshotTask t = ResnapshotTask.read(in, version);
        into.put(t.progress().id(), t);
      }
      return lastId;
    } catch (IOException e) {
      throw new FlinkRuntimeException("cannot read the copy-again requests of the checkpoint", e);
    }
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
      return new ResnapshotCoordinator(spec, context);
    }
  }
}
