package io.cdcflow.api.pipelines;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.flink.CheckpointStats;
import io.cdcflow.api.flink.FlinkClusterException;
import io.cdcflow.api.flink.FlinkRestClient;
import io.cdcflow.api.flink.JarRun;
import io.cdcflow.api.flink.JobDetails;
import io.cdcflow.api.flink.JobState;
import io.cdcflow.api.monitoring.JobFigures;
import io.cdcflow.api.monitoring.JobFiguresReader;
import io.cdcflow.api.monitoring.MonitoringViews.TableSnapshot;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineDefinition;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.secret.SecretCipher;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.catalog.store.PipelineRunDao;
import io.cdcflow.catalog.store.PipelineRunRow;
import io.cdcflow.catalog.store.PipelineTableRow;
import io.cdcflow.catalog.store.RecordedColumnsDao;
import io.cdcflow.catalog.store.VerificationFindingDao;
import io.cdcflow.catalog.store.VerificationFindingRow;
import io.cdcflow.jobs.PipelineJob;
import io.cdcflow.jobs.source.SourceTranslator;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.SealedSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, stops, resumes and recovers pipelines on a Flink cluster through its REST API, and keeps
 * the catalog's view of each pipeline in step with its job. Every start after the first restores
 * from the pipeline's newest savepoint or retained checkpoint, so no table is snapshotted twice.
 */
public final class PipelineLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineLifecycle.class);
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(3);
  private static final String SOURCE_ENUMERATOR_SNAPSHOTTING = "isSnapshotting";
  private static final String SOURCE_ENUMERATOR_STREAM_READING = "isStreamReading";
  private static final Duration STREAM_SWITCH_TIMEOUT = Duration.ofSeconds(60);

  private final PipelineService pipelines;
  private final PipelineChecks checks;
  private final PipelineDao pipelineDao;
  private final PipelineRunDao runs;
  private final FlinkRestClient flink;
  private final Optional<Path> jobJar;
  private final SecretCipher cipher;
  private final JobFiguresReader figures;
  private final LogContinuity log;
  private final VerificationFindingDao findings;
  private final ResumedColumns resumedColumns;

  /**
   * Whether a job the cluster does not know may be judged FAILED. Not before the start-up
   * reconciliation has decided about it: a status request in the first moments after a restart
   * would otherwise fail a pipeline whose job only vanished with the old process, and the
   * reconciliation, finding it changed meanwhile, would leave its resubmission to automatic
   * recovery (later, and counted as a failure).
   */
  private volatile boolean judgeVanishedJobs = true;

  public PipelineLifecycle(
      PipelineService pipelines,
      PipelineChecks checks,
      PipelineDao pipelineDao,
      PipelineRunDao runs,
      FlinkRestClient flink,
      Optional<Path> jobJar,
      SecretCipher cipher,
      LogContinuity log,
      VerificationFindingDao findings,
      RecordedColumnsDao recordedColumns,
      ObjectMapper json) {
    this.pipelines = pipelines;
    this.checks = checks;
    this.pipelineDao = pipelineDao;
    this.runs = runs;
    this.flink = flink;
    this.jobJar = jobJar;
    this.cipher = cipher;
    this.figures = new JobFiguresReader(flink);
    this.log = log;
    this.findings = findings;
    this.resumedColumns = new ResumedColumns(recordedColumns, json);
  }

  /** Validates, compiles, creates target tables when asked, and submits the job. */
  public PipelineStatus start(UUID id) {
    PipelineRow row = pipelines.row(id);
    if (row.state().isActive()) {
      throw ApiProblem.conflict("pipeline '" + row.name() + "' is already " + row.state());
    }
    refuseRecordedGap(row);
    return submit(
        row,
        restorePoint(id).filter(p -> row.state() != PipelineState.COMPLETED),
        "start",
        PipelineState.STARTING,
        OptionalInt.empty());
  }

  /**
   * Resubmits a failed pipeline from its newest retained checkpoint. The run it records (trigger
   * {@code recover}) ends any streak of automatic recoveries, so the automatic budget starts over.
   */
  public PipelineStatus recover(UUID id) {
    return recover(id, "recover", OptionalInt.empty());
  }

  /**
   * As {@link #recover(UUID)}, for the control API's own resubmissions: {@code auto-recover} after
   * a failure (with its attempt number) or {@code reconcile} for a job that vanished.
   */
  public PipelineStatus recover(UUID id, String trigger, OptionalInt attempt) {
    PipelineRow row = refresh(pipelines.row(id));
    boolean vanished = trigger.equals("reconcile") && row.state() != PipelineState.STOPPED;
    if (row.state() != PipelineState.FAILED && !vanished) {
      throw ApiProblem.conflict(
          "pipeline '"
              + row.name()
              + "' is "
              + row.state()
              + "; only a FAILED pipeline can be recovered");
    }
    refuseRecordedGap(row);
    return submit(row, restorePoint(id), trigger, PipelineState.RECOVERING, attempt);
  }

  /**
   * A pipeline failed on a gap in its log, or by a resnapshot that ended part way (its slot perhaps
   * dropped, its targets perhaps part emptied), is started again only by a resnapshot.
   */
  private void refuseRecordedGap(PipelineRow row) {
    if (row.state() == PipelineState.FAILED && LogContinuity.isGap(row.stateReason())) {
      throw new ApiProblem(
          409,
          "Change log has a gap",
          "pipeline '" + row.name() + "' cannot resume: " + row.stateReason(),
          List.of());
    }
  }

  /** The newest savepoint or retained checkpoint, the newest of its job's checkpoints on disk. */
  private Optional<String> restorePoint(UUID id) {
    return runs.latestRestorePoint(id).map(RestorePoints::freshest);
  }

  /** Stops the job with a savepoint, recorded so the next start continues from it. */
  public PipelineStatus stop(UUID id) {
    PipelineRow row = refresh(pipelines.row(id));
    if (!row.state().isActive()) {
      throw ApiProblem.conflict(
          "pipeline '" + row.name() + "' is " + row.state() + ", not running");
    }
    PipelineRunRow run =
        runs.latest(id)
            .orElseThrow(() -> ApiProblem.conflict("pipeline '" + row.name() + "' has no job"));
    if (pipelineDao.compareAndSetState(id, row.state(), PipelineState.STOPPING, null) != 1) {
      throw ApiProblem.conflict("pipeline '" + row.name() + "' changed state meanwhile; retry");
    }
    try {
      awaitStreamSplitAssigned(row, run.flinkJobId());
      String savepoint = flink.stopWithSavepoint(run.flinkJobId(), STOP_TIMEOUT);
      runs.end(run.id(), "STOPPED", "FINISHED", savepoint, null);
      log.recordStop(row);
      pipelineDao.setState(id, PipelineState.STOPPED, "stopped with savepoint " + savepoint);
      LOG.info("Pipeline '{}' stopped, savepoint {}", row.name(), savepoint);
    } catch (FlinkClusterException e) {
      // the job may have finished or failed meanwhile: let the refresh say what it is now
      pipelineDao.setState(id, row.state(), null);
      PipelineRow now = refresh(pipelines.row(id));
      if (now.state().isActive()) {
        throw ApiProblem.conflict(
            "pipeline '" + row.name() + "' could not be stopped: " + e.getMessage());
      }
    }
    return status(id);
  }

  /**
   * Deletes a pipeline: cancels its job if one runs, drops its replication slot(s) and publication,
   * and (only when asked) its target tables; target data is kept by default.
   */
  public void delete(UUID id, boolean dropTargetTables) {
    PipelineRow row = refresh(pipelines.row(id));
    if (row.state().isActive()) {
      runs.latest(id)
          .filter(r -> r.flinkJobId() != null)
          .ifPresent(
              run -> {
                try {
                  flink.cancel(run.flinkJobId());
                  flink.awaitJob(
                      run.flinkJobId(),
                      j -> j.state().isGloballyTerminal(),
                      "canceled",
                      Duration.ofSeconds(60));
                } catch (FlinkClusterException e) {
                  if (!e.isNotFound()) {
                    throw ApiProblem.conflict(
                        "the job of pipeline '"
                            + row.name()
                            + "' could not be canceled: "
                            + e.getMessage());
                  }
                }
                runs.end(run.id(), "CANCELED", "CANCELED", null, "pipeline deleted");
              });
      pipelineDao.setState(id, PipelineState.STOPPED, "deleting");
    }
    List<TableSpec> targets = dropTargetTables ? checks.compile(id).tables() : List.of();
    // a just-canceled job's WAL senders take a moment to release the slots
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        pipelines.delete(id);
        break;
      } catch (ApiProblem e) {
        if (System.nanoTime() > deadline || !e.getMessage().contains("still in use")) {
          throw e;
        }
        sleep(500);
      }
    }
    if (!targets.isEmpty()) {
      checks.dropTargetTables(row, targets);
    }
  }

  /** The pipeline's state, refreshed from its job. */
  public PipelineStatus status(UUID id) {
    PipelineRow row = refresh(pipelines.row(id));
    Optional<PipelineRunRow> run = runs.latest(id);
    PipelineStatus.Checkpoint checkpoint = null;
    PipelineStatus.SnapshotProgress snapshot = null;
    String flinkState = run.map(PipelineRunRow::flinkState).orElse(null);
    if (run.isPresent() && run.get().flinkJobId() != null && row.state().isActive()) {
      String jobId = run.get().flinkJobId();
      try {
        CheckpointStats stats = flink.checkpoints(jobId);
        checkpoint =
            stats
                .latestCompleted()
                .map(
                    c ->
                        new PipelineStatus.Checkpoint(
                            c.id(),
                            c.lastAcknowledged().orElse(null),
                            c.externalPath().orElse(null)))
                .orElse(null);
        snapshot = snapshotProgress(jobId).orElse(null);
      } catch (FlinkClusterException e) {
        LOG.debug("No checkpoint statistics for {}: {}", jobId, e.getMessage());
      }
    }
    if (checkpoint == null && run.isPresent() && run.get().lastCheckpointPath() != null) {
      checkpoint =
          new PipelineStatus.Checkpoint(
              null, run.get().lastCheckpointAt(), run.get().lastCheckpointPath());
    }
    List<PipelineStatus.Run> history =
        runs.history(id, 20).stream()
            .map(
                r ->
                    new PipelineStatus.Run(
                        r.flinkJobId(),
                        r.trigger(),
                        r.attempt(),
                        r.state(),
                        r.restoredFrom(),
                        r.savepointPath(),
                        r.failureReason(),
                        r.startedAt(),
                        r.endedAt(),
                        r.streamingAt()))
            .toList();
    return new PipelineStatus(
        row.id(),
        row.name(),
        row.state(),
        row.stateReason(),
        run.map(PipelineRunRow::flinkJobId).orElse(null),
        flinkState,
        run.map(PipelineRunRow::startedAt).orElse(null),
        checkpoint,
        run.map(PipelineRunRow::restoredFrom).orElse(null),
        run.map(PipelineRunRow::savepointPath).orElse(null),
        snapshot,
        verification(id),
        pipelineDao.tables(id).stream()
            .filter(t -> t.missingSince() != null)
            .map(
                t ->
                    new PipelineStatus.MissingTable(
                        t.source().toString(), t.target().toString(), t.missingSince()))
            .toList(),
        history);
  }

  private PipelineStatus.Verification verification(UUID id) {
    List<VerificationFindingRow> open = findings.open(id);
    return new PipelineStatus.Verification(
        open.size(), findings.openRows(id), open.isEmpty() ? null : open.get(0).foundAt());
  }

  /** Vanished jobs wait for {@link #reconciled()}: call before the start-up reconciliation. */
  public void holdVanishedJobsUntilReconciled() {
    judgeVanishedJobs = false;
  }

  /** The start-up reconciliation is over: vanished jobs are judged again. */
  public void reconciled() {
    judgeVanishedJobs = true;
  }

  /** Brings the stored state in line with the job on the cluster; returns the updated row. */
  public PipelineRow refresh(PipelineRow row) {
    if (!row.state().isActive() || row.state() == PipelineState.STOPPING) {
      return row;
    }
    Optional<PipelineRunRow> latest = runs.latest(row.id());
    // An ended run belongs to a job that is already accounted for; while a new job is being
    // submitted (STARTING, RECOVERING) the newest run is still the previous one, and judging the
    // pipeline by that job (FINISHED after a stop, FAILED before a recovery) would overwrite the
    // submission's state.
    if (latest.isEmpty() || latest.get().flinkJobId() == null || latest.get().endedAt() != null) {
      return row;
    }
    PipelineRunRow run = latest.get();
    JobDetails job;
    try {
      job = flink.job(run.flinkJobId());
    } catch (FlinkClusterException e) {
      if (e.isNotFound() && judgeVanishedJobs) {
        runs.end(
            run.id(),
            "FAILED",
            "UNKNOWN",
            null,
            "the Flink cluster no longer knows job " + run.flinkJobId());
        pipelineDao.setState(
            row.id(),
            PipelineState.FAILED,
            "the job vanished from the Flink cluster (was it restarted?)");
        return pipelines.row(row.id());
      }
      return row;
    }
    runs.setFlinkState(run.id(), job.state().name());
    rememberCheckpoint(run);
    if (job.state() == JobState.RESTARTING
        || job.state() == JobState.FAILING
        || job.state() == JobState.FAILED) {
      Optional<String> purged = log.purgedBinlog(row, () -> failureReason(run.flinkJobId()));
      if (purged.isPresent()) {
        return failOnGap(row, run, job, purged.get());
      }
    }
    PipelineState next =
        switch (job.state()) {
          case INITIALIZING, CREATED, RECONCILING -> row.state();
          case RUNNING -> runningPhase(row, run.flinkJobId());
          case RESTARTING, FAILING -> PipelineState.RECOVERING;
          case FINISHED -> PipelineState.COMPLETED;
          case FAILED, SUSPENDED -> PipelineState.FAILED;
          case CANCELLING, CANCELED -> PipelineState.STOPPED;
        };
    if (next != row.state()) {
      String reason = null;
      if (next == PipelineState.FAILED) {
        reason = failureReason(run.flinkJobId());
        runs.end(run.id(), "FAILED", job.state().name(), null, reason);
      } else if (next == PipelineState.COMPLETED) {
        runs.end(run.id(), "COMPLETED", job.state().name(), null, null);
        releaseSlotsOfFinishedLoad(row);
      } else if (next == PipelineState.STOPPED) {
        reason = "the job was canceled outside cdcflow";
        runs.end(run.id(), "STOPPED", job.state().name(), null, null);
      }
      boolean moved = pipelineDao.compareAndSetState(row.id(), row.state(), next, reason) == 1;
      if (moved && next == PipelineState.STREAMING) {
        runs.markStreaming(run.id());
      }
      if (moved
          && row.state() == PipelineState.SNAPSHOTTING
          && next == PipelineState.STREAMING
          && row.mode() == PipelineMode.FULL_LOAD_AND_CDC) {
        // the first copy has ended: a later selection change need not copy these tables again
        pipelineDao.markFirstCopyEnded(row.id());
      }
      LOG.info("Pipeline '{}' is {}{}", row.name(), next, reason == null ? "" : ": " + reason);
      return pipelines.row(row.id());
    }
    return row;
  }

  private PipelineStatus submit(
      PipelineRow row,
      Optional<String> restoreFrom,
      String trigger,
      PipelineState submitting,
      OptionalInt attempt) {
    Path jar =
        jobJar.orElseThrow(
            () ->
                new ApiProblem(
                    503,
                    "Job jar missing",
                    "the cdcflow jobs jar was not found; build it (mvn install) or set CDCFLOW_JOBS_JAR",
                    List.of()));
    requireValid(row);
    if (restoreFrom.isPresent()) {
      refuseLogGap(row);
    }
    PipelineSpec spec = withCopiedTables(row, checks.compile(row.id()), restoreFrom);
    PipelineDefinition definition = pipelines.definition(row);
    if (definition.autoCreateTarget()) {
      checks.createTargetSchema(spec);
    }
    if (pipelineDao.compareAndSetState(row.id(), row.state(), submitting, null) != 1) {
      throw ApiProblem.conflict("pipeline '" + row.name() + "' changed state meanwhile; retry");
    }
    recordTables(row.id(), spec);
    resumedColumns.record(row.id(), spec);
    pipelineDao.setSourceStateId(row.id(), SourceTranslator.stateId(spec));
    log.forget(row);
    String jobId = UUID.randomUUID().toString().replace("-", "");
    try {
      String jarId = flink.ensureJar(jar, "cdcflow-jobs").id();
      JarRun run =
          new JarRun(
              PipelineJob.class.getName(),
              List.of("--sealed-spec", SealedSpec.seal(spec, cipher)),
              OptionalInt.of(spec.options().parallelism()),
              restoreFrom,
              true,
              Optional.of(jobId),
              Map.of());
      flink.runJar(jarId, run);
    } catch (RuntimeException e) {
      pipelineDao.setState(row.id(), PipelineState.FAILED, "submission failed: " + e.getMessage());
      if (attempt.isPresent()) {
        // an automatic attempt counts even when the cluster refused it, so the budget still ends
        PipelineRunRow refused =
            runs.insert(
                UUID.randomUUID(),
                row.id(),
                jobId,
                trigger,
                attempt.getAsInt(),
                "FAILED",
                restoreFrom.orElse(null));
        runs.end(refused.id(), "FAILED", null, null, "submission failed: " + e.getMessage());
      }
      throw new ApiProblem(
          502,
          "Flink submission failed",
          "the job of pipeline '" + row.name() + "' was not accepted: " + e.getMessage(),
          List.of());
    }
    PipelineRunRow submitted =
        runs.insert(
            UUID.randomUUID(),
            row.id(),
            jobId,
            restoreFrom.isPresent() && trigger.equals("start") ? "resume" : trigger,
            attempt.orElseGet(() -> attempt(row.id())),
            "RUNNING",
            restoreFrom.orElse(null));
    // a restored job may still be copying: its source's phase gauges say when it streams
    PipelineState running =
        row.mode() == PipelineMode.CDC_ONLY ? PipelineState.STREAMING : PipelineState.SNAPSHOTTING;
    if (running == PipelineState.STREAMING) {
      runs.markStreaming(submitted.id());
    }
    pipelineDao.compareAndSetState(
        row.id(), submitting, running, restoreFrom.map(p -> "restored from " + p).orElse(null));
    LOG.info(
        "Pipeline '{}' submitted as Flink job {}{}",
        row.name(),
        jobId,
        restoreFrom.map(p -> ", restored from " + p).orElse(""));
    return status(row.id());
  }

  private void requireValid(PipelineRow row) {
    ValidationReport report = checks.validate(row.id());
    if (!report.valid()) {
      throw new ApiProblem(
          409,
          "Pipeline not valid",
          "pipeline '" + row.name() + "' cannot start: " + report.errors().get(0).message(),
          report.errors().stream()
              .map(
                  e ->
                      new ApiProblem.FieldError(
                          e.table() == null ? e.code() : e.table(), e.message()))
              .toList());
    }
  }

  /**
   * Ends a job that restarts in vain on a gap in its log (no restart brings the changes back) and
   * fails the pipeline saying so, as a refused restore does.
   */
  private PipelineRow failOnGap(PipelineRow row, PipelineRunRow run, JobDetails job, String gap) {
    String reason = LogContinuity.GAP + gap + "; " + LogContinuity.wayOut(row);
    // another thread may have moved it meanwhile (a stop, a resnapshot): that one decides
    if (pipelineDao.compareAndSetState(row.id(), row.state(), PipelineState.FAILED, reason) != 1) {
      return pipelines.row(row.id());
    }
    if (job.state() != JobState.FAILED) {
      try {
        flink.cancel(run.flinkJobId());
      } catch (FlinkClusterException e) {
        LOG.warn("Pipeline '{}': its job could not be canceled: {}", row.name(), e.getMessage());
      }
    }
    runs.end(run.id(), "FAILED", job.state().name(), null, reason);
    LOG.error("Pipeline '{}' failed: {}", row.name(), reason);
    return pipelines.row(row.id());
  }

  /**
   * A job restored over a gap in the log would stream on as if nothing were missing: the changes in
   * the gap would never reach the target. The pipeline fails instead, saying so, until it is copied
   * again.
   */
  private void refuseLogGap(PipelineRow row) {
    Optional<String> gap = log.gap(row);
    if (gap.isEmpty()) {
      return;
    }
    String reason = LogContinuity.GAP + gap.get() + "; " + LogContinuity.wayOut(row);
    pipelineDao.setState(row.id(), PipelineState.FAILED, reason);
    LOG.error("Pipeline '{}' not resumed: {}", row.name(), reason);
    throw new ApiProblem(
        409,
        "Change log has a gap",
        "pipeline '" + row.name() + "' cannot resume: " + reason,
        List.of());
  }

  /**
   * Starts the pipeline afresh: its slot and publication are dropped and made again, its target
   * tables emptied, and every table copied again before it streams from the new slot. No earlier
   * savepoint or checkpoint is used, now or by later starts ({@link PipelineRunDao#FRESH_START}).
   * The way out of a gap in the log, and of a target damaged beyond a table's resnapshot.
   */
  public PipelineStatus resnapshot(UUID id) {
    PipelineRow row = refresh(pipelines.row(id));
    if (row.state().isActive() || row.state() == PipelineState.CREATED) {
      throw ApiProblem.conflict(
          "pipeline '"
              + row.name()
              + "' is "
              + row.state()
              + "; only a stopped, failed or completed pipeline starts afresh: stop it first"
              + " (a table of a streaming pipeline is copied again with POST"
              + " /api/pipelines/"
              + row.name()
              + "/tables/{table}/resnapshot)");
    }
    if (row.mode() == PipelineMode.CDC_ONLY) {
      throw ApiProblem.conflict(
          "pipeline '"
              + row.name()
              + "' is CDC_ONLY and copies nothing; change its mode to FULL_LOAD_AND_CDC to copy"
              + " every table again");
    }
    requireValid(row);
    List<TableSpec> tables = checks.compile(id).tables();
    // claimed before anything is dropped: a start or a recovery meanwhile would restore over it
    if (pipelineDao.compareAndSetState(id, row.state(), PipelineState.STARTING, null) != 1) {
      throw ApiProblem.conflict("pipeline '" + row.name() + "' changed state meanwhile; retry");
    }
    PipelineRow claimed = pipelines.row(id);
    pipelineDao.markFreshStart(id);
    findings.resolveBeforeFreshStart(id); // what the verifier found is emptied with the targets
    try {
      pipelines.dropReplication(claimed);
      List<TableId> emptied = checks.emptyTargetTables(claimed, tables);
      pipelineDao.clearCopied(id);
      LOG.warn(
          "Pipeline '{}' starts afresh: {}{} target tables emptied",
          row.name(),
          row.slotName() == null ? "" : "replication slot dropped, ",
          emptied.size());
    } catch (RuntimeException e) {
      // no earlier restore point is used any more, so a later start copies every table too
      pipelineDao.setState(
          id,
          PipelineState.FAILED,
          LogContinuity.GAP
              + "a resnapshot failed part way (its slot may be dropped, its targets part"
              + " emptied): "
              + e.getMessage()
              + "; retry POST /api/pipelines/"
              + row.name()
              + "/resnapshot");
      throw e;
    }
    return submit(
        claimed,
        Optional.empty(),
        PipelineRunDao.FRESH_START,
        PipelineState.STARTING,
        OptionalInt.empty());
  }

  /**
   * What a restored streaming pipeline carries on from its earlier runs. Once its first copy has
   * ended its source reads the log, and that source's state is the log's position alone: the job
   * resumes it under the same uid whatever the tables, and copies the tables not copied yet (added
   * since, or now going into another target table) while the others stream. A pipeline stopped
   * during its first copy starts that copy afresh, without the tables whose copy ended before.
   */
  private PipelineSpec withCopiedTables(
      PipelineRow row, PipelineSpec spec, Optional<String> restoreFrom) {
    if (restoreFrom.isEmpty()) {
      return spec;
    }
    if (row.mode() == PipelineMode.CDC_ONLY) {
      // every table of it only ever reads the log
      List<TableId> all = spec.tables().stream().map(TableSpec::sourceTable).toList();
      return resumedColumns.resumed(row.id(), spec, all).withCopiedTables(all);
    }
    if (row.mode() != PipelineMode.FULL_LOAD_AND_CDC) {
      return spec;
    }
    Map<TableId, TableId> targets = new HashMap<>();
    spec.tables().forEach(t -> targets.put(t.sourceTable(), t.targetTable()));
    List<PipelineTableRow> recorded = pipelineDao.tables(row.id());
    List<TableId> copied =
        recorded.stream()
            .filter(t -> t.copiedAt() != null && t.target().equals(targets.get(t.source())))
            .map(PipelineTableRow::source)
            .toList();
    spec = resumedColumns.resumed(row.id(), spec, copied);
    String last = pipelineDao.sourceStateId(row.id());
    boolean readsLog =
        recorded.stream().anyMatch(t -> t.copiedAt() != null)
            && SourceTranslator.copiesThenReadsLog(last)
            && SourceTranslator.copiesThenReadsLog(SourceTranslator.stateId(spec));
    if (readsLog) {
      List<TableId> added =
          spec.tables().stream()
              .map(TableSpec::sourceTable)
              .filter(t -> !copied.contains(t))
              .toList();
      return spec.continuingLog(last, copied, added);
    }
    refuseLostLogPosition(row, spec);
    return spec.withCopiedTables(copied);
  }

  /**
   * A restored job whose source gets another uid than the last run's starts its source afresh (the
   * savepoint's source state is dropped). From PostgreSQL that converges when the new source copies
   * by key ranges: it reads the log from the slot. Otherwise it would not: a MySQL/MariaDB source
   * has no slot (its binlog position lives only in the dropped state: the changes since the stop
   * would be lost), and Flink CDC's own snapshot of a stopped pipeline's tables would keep rows
   * deleted meanwhile. Pipelines last run before the uid was recorded read as Flink CDC's reader's
   * uid, which every MySQL/MariaDB pipeline had then.
   */
  private void refuseLostLogPosition(PipelineRow row, PipelineSpec spec) {
    String last =
        Optional.ofNullable(pipelineDao.sourceStateId(row.id())).orElse(SourceTranslator.UID);
    String next = SourceTranslator.stateId(spec);
    boolean slotCarriesOn =
        spec.source().type() == DatabaseType.POSTGRES && SourceTranslator.copiesByCopy(spec);
    if (last.equals(next) || slotCarriesOn) {
      return;
    }
    throw new ApiProblem(
        409,
        "Source state would be lost",
        "pipeline '"
            + row.name()
            + "' cannot resume from its savepoint: "
            + (spec.source().type() == DatabaseType.MYSQL
                ? "its tables, target tables, keys or reader (copy_snapshot, or a column type"
                    + " only Flink CDC's reader reads) changed since its last run, and a"
                    + " MariaDB/MySQL source keeps its binlog position only in the savepoint's"
                    + " state of the earlier source (it has no slot). "
                : "its reader changed to Flink CDC's snapshot (copy_snapshot, or a column type"
                    + " only that reader reads), which would copy the tables again and keep rows"
                    + " deleted while the pipeline was stopped. ")
            + "Put the earlier definition back to resume, or delete the pipeline and create it"
            + " again to copy every table afresh.",
        List.of());
  }

  /**
   * A finished full load streams no more, but the PostgreSQL source leaves its slot behind
   * (upstream FLINK-40560), and a slot nobody reads makes the server keep WAL forever.
   */
  private void releaseSlotsOfFinishedLoad(PipelineRow row) {
    if (row.mode() != PipelineMode.FULL_LOAD_ONLY || row.slotName() == null) {
      return;
    }
    try {
      pipelines.dropReplication(row);
    } catch (ApiProblem e) {
      LOG.warn(
          "Pipeline '{}' completed, but its replication slot could not be dropped yet: {}",
          row.name(),
          e.getMessage());
    }
  }

  private int attempt(UUID id) {
    return runs.history(id, 1000).size() + 1;
  }

  /** Remembers the tables and target names this run moves (the mapping in force). */
  private void recordTables(UUID id, PipelineSpec spec) {
    boolean explicit = !pipelines.explicitSelection(id).isEmpty();
    pipelineDao.replaceTables(
        id,
        spec.tables().stream()
            .map(
                (TableSpec t) ->
                    new PipelineTableRow(
                        t.sourceTable(), t.targetTable(), t.keyColumns(), explicit))
            .toList());
  }

  private void rememberCheckpoint(PipelineRunRow run) {
    try {
      flink
          .checkpoints(run.flinkJobId())
          .latestCompleted()
          .filter(c -> c.externalPath().isPresent())
          .ifPresent(
              c ->
                  runs.setLastCheckpoint(
                      run.id(),
                      c.externalPath().get(),
                      c.lastAcknowledged().orElse(Instant.now())));
    } catch (FlinkClusterException e) {
      LOG.debug("Checkpoint statistics of {} unavailable: {}", run.flinkJobId(), e.getMessage());
    }
  }

  /** SNAPSHOTTING until the source's phase gauges say it streams, or a streamed change lands. */
  private PipelineState runningPhase(PipelineRow row, String jobId) {
    if (row.mode() == PipelineMode.CDC_ONLY) {
      return PipelineState.STREAMING;
    }
    if (row.state() == PipelineState.STREAMING) {
      return PipelineState.STREAMING;
    }
    if (row.mode() == PipelineMode.FULL_LOAD_ONLY) {
      return PipelineState.SNAPSHOTTING;
    }
    Optional<PipelineStatus.SnapshotProgress> progress = snapshotProgress(jobId);
    if (progress.isPresent() && Boolean.FALSE.equals(progress.get().snapshotting())) {
      return PipelineState.STREAMING;
    }
    return streamedChangeApplied(jobId) ? PipelineState.STREAMING : PipelineState.SNAPSHOTTING;
  }

  private Optional<PipelineStatus.SnapshotProgress> snapshotProgress(String jobId) {
    Map<String, Map<String, Double>> perTable = new TreeMap<>();
    Map<String, Double> metrics =
        figures.enumerator(
            jobId,
            Set.of(
                SOURCE_ENUMERATOR_SNAPSHOTTING,
                "numTablesSnapshotted",
                "numTablesRemaining",
                "numSnapshotSplitsProcessed",
                "numSnapshotSplitsRemaining",
                "numSnapshotRowsEstimated",
                "numSnapshotRowsCopied",
                "snapshotEtaSeconds"),
            perTable);
    if (metrics.isEmpty()) {
      return Optional.empty();
    }
    Map<String, TableSnapshot> tables = new TreeMap<>();
    perTable.forEach((table, gauges) -> tables.put(table, TableSnapshot.of(gauges)));
    Double snapshotting = metrics.get(SOURCE_ENUMERATOR_SNAPSHOTTING);
    return Optional.of(
        new PipelineStatus.SnapshotProgress(
            snapshotting == null ? null : snapshotting > 0,
            asLong(metrics.get("numTablesSnapshotted")),
            asLong(metrics.get("numTablesRemaining")),
            asLong(metrics.get("numSnapshotSplitsProcessed")),
            asLong(metrics.get("numSnapshotSplitsRemaining")),
            asLong(metrics.get("numSnapshotRowsEstimated")),
            asLong(metrics.get("numSnapshotRowsCopied")),
            asLong(metrics.get("snapshotEtaSeconds")),
            tables));
  }

  /**
   * Waits (bounded) while the source has handed out its last snapshot split but not yet its stream
   * split. Flink CDC's split assigner marks the initial snapshot finished only when the first
   * checkpoint after it completes, and only a finished assigner looks for newly selected tables
   * when the job is restored: a savepoint taken inside that window restores an assigner that is
   * still "snapshotting", which then opens the stream without ever snapshotting tables added while
   * the pipeline was stopped. The incremental source's enumerator metrics (PostgreSQL) show the
   * window as isSnapshotting = 0 with isStreamReading = 0; sources without them are not waited for.
   */
  private void awaitStreamSplitAssigned(PipelineRow row, String jobId) {
    if (row.mode() != PipelineMode.FULL_LOAD_AND_CDC) {
      return;
    }
    long deadline = System.nanoTime() + STREAM_SWITCH_TIMEOUT.toNanos();
    while (true) {
      Map<String, Double> flags =
          figures.enumerator(
              jobId, Set.of(SOURCE_ENUMERATOR_SNAPSHOTTING, SOURCE_ENUMERATOR_STREAM_READING));
      Double snapshotting = flags.get(SOURCE_ENUMERATOR_SNAPSHOTTING);
      Double streamReading = flags.get(SOURCE_ENUMERATOR_STREAM_READING);
      if (snapshotting == null || streamReading == null || snapshotting > 0 || streamReading > 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        LOG.warn(
            "Pipeline '{}': the source did not switch to streaming within {}; stopping anyway",
            row.name(),
            STREAM_SWITCH_TIMEOUT);
        return;
      }
      sleep(200);
    }
  }

  /** True when the sink applied a change with a real commit time (snapshot rows carry none). */
  private boolean streamedChangeApplied(String jobId) {
    JobFigures.Aggregate applied = figures.sink(jobId).get("lastAppliedSourceTimestampMs");
    return applied != null && applied.max() > 0;
  }

  private String failureReason(String jobId) {
    try {
      return flink.exceptions(jobId).latest().map(f -> f.rootCause()).orElse("the job failed");
    } catch (FlinkClusterException e) {
      return "the job failed";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Long asLong(Double value) {
    return value == null ? null : value.longValue();
  }
}
