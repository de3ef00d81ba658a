package io.cdcflow.api.connectors;

import io.cdcflow.api.connections.ConnectionService;
import io.cdcflow.api.connections.ConnectionView;
import io.cdcflow.api.flink.FlinkClusterException;
import io.cdcflow.api.flink.FlinkRestClient;
import io.cdcflow.api.flink.JobDetails;
import io.cdcflow.api.flink.VertexDetails;
import io.cdcflow.api.monitoring.MetricsCollector;
import io.cdcflow.api.monitoring.PipelineMetric;
import io.cdcflow.api.monitoring.PipelineObservation;
import io.cdcflow.api.pipelines.PipelineLifecycle;
import io.cdcflow.api.pipelines.PipelineService;
import io.cdcflow.api.pipelines.PipelineStatus;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.catalog.store.PipelineRunDao;
import io.cdcflow.catalog.store.PipelineRunRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presents each started pipeline as two connectors, its source and its sink, in the terms users of
 * connector platforms expect (name, state, tasks, throughput, errors). A pipeline is one Flink job,
 * so both connectors of a pipeline share its state, checkpoint and errors, and restarting either
 * restarts the pipeline's job. Throughput comes from the metrics collector's newest round, not from
 * new metric requests, so listing stays cheap; the status of one connector asks Flink for its
 * vertex's subtasks, checkpoints and exceptions.
 */
public final class ConnectorService {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectorService.class);
  private static final String SOURCE = "source";
  private static final String SINK = "sink";
  private static final int MAX_ERRORS = 5;

  private final PipelineDao pipelineDao;
  private final PipelineRunDao runs;
  private final PipelineService pipelines;
  private final ConnectionService connections;
  private final PipelineLifecycle lifecycle;
  private final MetricsCollector collector;
  private final FlinkRestClient flink;

  public ConnectorService(
      PipelineDao pipelineDao,
      PipelineRunDao runs,
      PipelineService pipelines,
      ConnectionService connections,
      PipelineLifecycle lifecycle,
      MetricsCollector collector,
      FlinkRestClient flink) {
    this.pipelineDao = pipelineDao;
    this.runs = runs;
    this.pipelines = pipelines;
    this.connections = connections;
    this.lifecycle = lifecycle;
    this.collector = collector;
    this.flink = flink;
  }

  /** Source and sink of every pipeline that was ever started, ordered by pipeline name. */
  public List<ConnectorView> list() {
    List<ConnectorView> result = new ArrayList<>();
    pipelineDao.list().stream()
        .filter(row -> row.state() != PipelineState.CREATED)
        .sorted(java.util.Comparator.comparing(PipelineRow::name))
        .forEach(
            row -> {
              result.add(view(row, SOURCE));
              result.add(view(row, SINK));
            });
    return result;
  }

  public ConnectorStatus status(String name) {
    Named named = resolve(name);
    PipelineRow row = named.row();
    ConnectorView view = view(row, named.kind());
    Optional<PipelineRunRow> run = runs.latest(row.id());
    String jobId = run.map(PipelineRunRow::flinkJobId).orElse(null);
    List<ConnectorStatus.Task> tasks = List.of();
    ConnectorStatus.Checkpoint checkpoint = null;
    List<ConnectorStatus.Error> errors = List.of();
    String flinkState = run.map(PipelineRunRow::flinkState).orElse(null);
    if (jobId != null) {
      try {
        JobDetails job = flink.job(jobId);
        flinkState = job.state().name();
        tasks = tasks(jobId, job, named.kind());
        checkpoint =
            flink
                .checkpoints(jobId)
                .latestCompleted()
                .map(
                    c ->
                        new ConnectorStatus.Checkpoint(
                            c.id(),
                            c.lastAcknowledged().orElse(null),
                            c.externalPath().orElse(null)))
                .orElse(null);
        errors =
            flink.exceptions(jobId).failures().stream()
                .limit(MAX_ERRORS)
                .map(
                    f ->
                        new ConnectorStatus.Error(
                            f.timestamp().orElse(null),
                            f.taskName().orElse(null),
                            f.exceptionName(),
                            f.rootCause()))
                .toList();
      } catch (FlinkClusterException e) {
        // the cluster forgot the job (or is unreachable): answer with what the catalog knows
        LOG.debug("Job {} of connector {} unavailable: {}", jobId, name, e.getMessage());
      }
    }
    if (checkpoint == null && run.isPresent() && run.get().lastCheckpointPath() != null) {
      checkpoint =
          new ConnectorStatus.Checkpoint(
              -1, run.get().lastCheckpointAt(), run.get().lastCheckpointPath());
    }
    if (errors.isEmpty() && run.isPresent() && run.get().failureReason() != null) {
      errors =
          List.of(
              new ConnectorStatus.Error(
                  run.get().endedAt(), null, null, run.get().failureReason()));
    }
    return new ConnectorStatus(
        view, row.stateReason(), jobId, flinkState, tasks, checkpoint, errors);
  }

  /**
   * Restarts the pipeline's job from its newest retained position: a running job is stopped with a
   * savepoint and started again from it (newer than any checkpoint, so nothing is replayed twice
   * needlessly); a FAILED one is recovered from its latest retained checkpoint. Anything else has
   * nothing to restart (409): a stopped pipeline is started, a changing one is waited for.
   */
  public PipelineStatus restart(String name) {
    PipelineRow row = lifecycle.refresh(resolve(name).row());
    UUID id = row.id();
    return switch (row.state()) {
      case FAILED -> lifecycle.recover(id);
      case SNAPSHOTTING, STREAMING -> {
        LOG.info("Connector {}: restarting pipeline '{}' through a savepoint", name, row.name());
        lifecycle.stop(id);
        yield lifecycle.start(id);
      }
      case STARTING, RECOVERING, STOPPING ->
          throw ApiProblem.conflict(
              "pipeline '" + row.name() + "' is " + row.state() + "; retry when it has settled");
      case CREATED, STOPPED, COMPLETED ->
          throw ApiProblem.conflict(
              "nothing runs for connector '"
                  + name
                  + "': pipeline '"
                  + row.name()
                  + "' is "
                  + row.state()
                  + "; start the pipeline instead");
    };
  }

  private List<ConnectorStatus.Task> tasks(String jobId, JobDetails job, String kind) {
    if (job.vertices().isEmpty()) {
      return List.of();
    }
    // the job graph is source → sink: the first vertex reads, the last one writes
    JobDetails.Vertex vertex =
        kind.equals(SOURCE) ? job.vertices().get(0) : job.vertices().get(job.vertices().size() - 1);
    VertexDetails details = flink.vertex(jobId, vertex.id());
    return details.subtasks().stream()
        .map(
            s ->
                new ConnectorStatus.Task(
                    s.index(),
                    s.status(),
                    s.attempt(),
                    s.endpoint().orElse(null),
                    s.startTime().orElse(null)))
        .toList();
  }

  private ConnectorView view(PipelineRow row, String kind) {
    UUID connectionId = kind.equals(SOURCE) ? row.sourceConnectionId() : row.targetConnectionId();
    ConnectionView connection = connections.get(connectionId);
    Optional<PipelineObservation> observed = collector.latest(row.id());
    Double rate =
        observed
            .filter(o -> row.state().isActive())
            .flatMap(
                o -> {
                  var v =
                      o.value(
                          kind.equals(SOURCE)
                              ? PipelineMetric.SOURCE_RECORDS_PER_SECOND
                              : PipelineMetric.ROWS_WRITTEN_PER_SECOND);
                  return v.isPresent() ? Optional.of(v.getAsDouble()) : Optional.empty();
                })
            .orElse(null);
    return new ConnectorView(
        row.name() + "-" + kind,
        row.id(),
        row.name(),
        kind,
        connection.type().id(),
        connection.name(),
        state(row.state()),
        row.state().name(),
        pipelines.definition(row).options().parallelism(),
        rate,
        observed.map(PipelineObservation::at).orElse(null));
  }

  /** Connector states as connector platforms name them, from the pipeline's state. */
  static String state(PipelineState state) {
    return switch (state) {
      case SNAPSHOTTING, STREAMING -> "RUNNING";
      case RECOVERING -> "RESTARTING";
      case CREATED, STARTING -> "STARTING";
      case STOPPING, STOPPED, FAILED, COMPLETED -> state.name();
    };
  }

  private Named resolve(String name) {
    String kind;
    String pipeline;
    if (name.endsWith("-" + SOURCE)) {
      kind = SOURCE;
      pipeline = name.substring(0, name.length() - SOURCE.length() - 1);
    } else if (name.endsWith("-" + SINK)) {
      kind = SINK;
      pipeline = name.substring(0, name.length() - SINK.length() - 1);
    } else {
      throw ApiProblem.notFound("connector", name);
    }
    PipelineRow row =
        pipelines
            .findId(pipeline)
            .map(pipelines::row)
            .filter(r -> r.state() != PipelineState.CREATED)
            .orElseThrow(() -> ApiProblem.notFound("connector", name));
    return new Named(row, kind);
  }

  private record Named(PipelineRow row, String kind) {}
}
