package io.cdcflow.api.recovery;

import io.cdcflow.api.flink.FlinkClusterException;
import io.cdcflow.api.flink.FlinkRestClient;
import io.cdcflow.api.flink.JobOverview;
import io.cdcflow.api.pipelines.PipelineLifecycle;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.catalog.store.PipelineRunDao;
import io.cdcflow.catalog.store.PipelineRunRow;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the catalog and the cluster back in step when the control API starts, for every pipeline
 * the catalog says has a job:
 *
 * <ul>
 *   <li>a job of the pipeline still runs (found by the run's Flink job id, or by the job name
 *       {@code cdcflow: <name> [<id>]} when the process died between submitting and recording): it
 *       is re-attached, never submitted again; any further live job of the same pipeline is
 *       canceled, so exactly one job writes to the target;
 *   <li>the job is gone (an embedded cluster does not outlive the process) or the pipeline was left
 *       STARTING or RECOVERING without one: it is resubmitted from its latest savepoint or retained
 *       checkpoint (trigger {@code reconcile});
 *   <li>the pipeline was STOPPING: the stop is completed when the job still runs (the user asked
 *       for it), or the pipeline becomes STOPPED when the job is gone; the next start resumes from
 *       the newest retained position either way;
 *   <li>the job ended while nobody watched (FAILED, FINISHED, CANCELED): the normal refresh records
 *       it, and a failure goes to automatic recovery.
 * </ul>
 */
public final class PipelineReconciler {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineReconciler.class);

  private final PipelineDao pipelineDao;
  private final PipelineRunDao runs;
  private final PipelineLifecycle lifecycle;
  private final FlinkRestClient flink;

  public PipelineReconciler(
      PipelineDao pipelineDao,
      PipelineRunDao runs,
      PipelineLifecycle lifecycle,
      FlinkRestClient flink) {
    this.pipelineDao = pipelineDao;
    this.runs = runs;
    this.lifecycle = lifecycle;
    this.flink = flink;
  }

  /**
   * One pass over every active pipeline; a pipeline that cannot be reconciled is logged. Afterwards
   * the lifecycle judges vanished jobs again, whether the pass could reach the cluster or not.
   */
  public void reconcileAll() {
    try {
      reconcileActive();
    } finally {
      lifecycle.reconciled();
    }
  }

  private void reconcileActive() {
    List<PipelineRow> active =
        pipelineDao.list().stream().filter(row -> row.state().isActive()).toList();
    if (active.isEmpty()) {
      return;
    }
    List<JobOverview> jobs;
    try {
      jobs = flink.jobs();
    } catch (FlinkClusterException e) {
      // the watcher keeps refreshing; nothing is resubmitted blind while the cluster is unreachable
      LOG.warn("Reconciliation skipped, the Flink cluster did not answer: {}", e.getMessage());
      return;
    }
    for (PipelineRow row : active) {
      try {
        reconcile(row, jobs);
      } catch (RuntimeException e) {
        LOG.warn("Pipeline '{}' could not be reconciled: {}", row.name(), e.getMessage());
      }
    }
  }

  void reconcile(PipelineRow row, List<JobOverview> jobs) {
    Optional<PipelineRunRow> run = runs.latest(row.id());
    Optional<String> recordedJob = run.map(PipelineRunRow::flinkJobId);
    String jobName = jobName(row);
    List<JobOverview> live =
        jobs.stream()
            .filter(j -> !j.state().isGloballyTerminal())
            .filter(j -> recordedJob.filter(j.id()::equals).isPresent() || jobName.equals(j.name()))
            .sorted(
                Comparator.comparing(
                        (JobOverview j) -> recordedJob.filter(j.id()::equals).isPresent())
                    .thenComparing(j -> j.startTime().orElse(Instant.EPOCH))
                    .reversed())
            .toList();
    if (!live.isEmpty()) {
      reattach(row, run, live);
      return;
    }
    boolean openRun = run.isPresent() && run.get().endedAt() == null;
    boolean knownToCluster =
        recordedJob.isPresent() && jobs.stream().anyMatch(j -> j.id().equals(recordedJob.get()));
    if (knownToCluster && openRun && row.state() != PipelineState.STOPPING) {
      lifecycle.refresh(row); // ended while nobody watched: recorded as usual
      return;
    }
    // From here no job of the pipeline runs: its open run (if any) is over, and a pipeline left
    // STARTING or RECOVERING with an ended run died between two submissions.
    boolean stopping = row.state() == PipelineState.STOPPING;
    run.filter(r -> r.endedAt() == null)
        .ifPresent(
            r ->
                runs.end(
                    r.id(),
                    stopping ? "STOPPED" : "FAILED",
                    knownToCluster ? null : "UNKNOWN",
                    null,
                    stopping ? null : "the job was gone when the control API started"));
    if (stopping) {
      pipelineDao.setState(
          row.id(),
          PipelineState.STOPPED,
          "the control API stopped while the pipeline was stopping; the next start resumes from the"
              + " newest retained checkpoint");
      LOG.info("Pipeline '{}' was stopping and its job is gone: STOPPED", row.name());
      return;
    }
    LOG.warn(
        "Pipeline '{}' was {} but its job is gone from the cluster: resubmitting from its latest"
            + " retained checkpoint",
        row.name(),
        row.state());
    lifecycle.recover(row.id(), "reconcile", OptionalInt.empty());
  }

  private void reattach(PipelineRow row, Optional<PipelineRunRow> run, List<JobOverview> live) {
    JobOverview keep = live.get(0);
    for (JobOverview extra : live.subList(1, live.size())) {
      LOG.warn(
          "Pipeline '{}' has a second live job {}: canceling it, {} stays",
          row.name(),
          extra.id(),
          keep.id());
      flink.cancel(extra.id());
    }
    if (run.isEmpty() || !keep.id().equals(run.get().flinkJobId())) {
      // submitted, but the process died before recording it: record it now
      run.filter(r -> r.endedAt() == null)
          .ifPresent(
              r -> runs.end(r.id(), "FAILED", "UNKNOWN", null, "superseded by job " + keep.id()));
      runs.insert(
          UUID.randomUUID(),
          row.id(),
          keep.id(),
          "reattach",
          runs.history(row.id(), 1000).size() + 1,
          "RUNNING",
          null);
    }
    LOG.info("Pipeline '{}' re-attached to its running job {}", row.name(), keep.id());
    if (row.state() == PipelineState.STOPPING) {
      LOG.info("Pipeline '{}' was stopping: completing the stop", row.name());
      lifecycle.stop(row.id());
    } else {
      lifecycle.refresh(row);
    }
  }

  /** The Flink job name the jobs module gives a pipeline (PipelineSpec.jobName). */
  static String jobName(PipelineRow row) {
    return "cdcflow: " + row.name() + " [" + row.id() + "]";
  }
}
