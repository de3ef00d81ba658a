package io.cdcflow.api.recovery;

import io.cdcflow.api.pipelines.LogContinuity;
import io.cdcflow.api.pipelines.PipelineLifecycle;
import io.cdcflow.api.pipelines.PipelineService;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.catalog.store.PipelineRunDao;
import io.cdcflow.catalog.store.PipelineRunRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resubmits FAILED pipelines from their latest retained checkpoint, with growing pauses and a
 * bounded number of attempts, then leaves the pipeline FAILED with the reason.
 *
 * <p>Everything it decides is derived from the run history in the catalog, not from memory, so a
 * restart of the control API neither forgets spent attempts nor starts the budget over: the
 * attempts made are the newest runs with trigger {@code auto-recover} that failed within {@link
 * #STABLE_RUN} of their start. A run that lasted longer counts as a recovery that worked, and any
 * other run (a manual {@code POST /recover}, a start) ends the streak, which is how a manual
 * recover resets the budget.
 */
public final class AutoRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(AutoRecovery.class);
  static final String TRIGGER = "auto-recover";

  /** As Flink's reset-backoff-threshold: a job that ran this long has recovered. */
  static final Duration STABLE_RUN = Duration.ofMinutes(10);

  private static final String GAVE_UP = "automatic recovery gave up";

  /** The least time between two automatic fresh starts of one pipeline. */
  static final Duration RESNAPSHOT_PAUSE = Duration.ofMinutes(10);

  private static final String PLANNED = "automatic recovery attempt";

  private final PipelineDao pipelineDao;
  private final PipelineRunDao runs;
  private final PipelineService pipelines;
  private final PipelineLifecycle lifecycle;
  private final RecoveryPolicy defaults;
  private final Clock clock;
  private final Map<UUID, Instant> resnapshotAt = new ConcurrentHashMap<>();

  public AutoRecovery(
      PipelineDao pipelineDao,
      PipelineRunDao runs,
      PipelineService pipelines,
      PipelineLifecycle lifecycle,
      RecoveryPolicy defaults,
      Clock clock) {
    this.pipelineDao = pipelineDao;
    this.runs = runs;
    this.pipelines = pipelines;
    this.lifecycle = lifecycle;
    this.defaults = defaults;
    this.clock = clock;
  }

  /** Called by the watcher for every FAILED pipeline each round; acts when an attempt is due. */
  public void consider(PipelineRow row) {
    if (row.state() != PipelineState.FAILED) {
      resnapshotAt.remove(row.id());
      return;
    }
    if (LogContinuity.isGap(row.stateReason())) {
      resnapshotIfAsked(row); // a job restored over a gap in its log is refused every time
      return;
    }
    List<PipelineRunRow> history = runs.history(row.id(), 100);
    if (history.isEmpty() || !"FAILED".equals(history.get(0).state())) {
      return; // nothing ran, or the failure was not the job's (e.g. a refused first submission)
    }
    PipelineRunRow failed = history.get(0);
    RecoveryPolicy policy = defaults.forPipeline(pipelines.definition(row).options());
    if (policy.maxAttempts() == 0) {
      return;
    }
    int made = attemptsMade(history);
    String cause = failed.failureReason() == null ? "the job failed" : failed.failureReason();
    if (made >= policy.maxAttempts()) {
      giveUp(row, policy, cause);
      return;
    }
    int attempt = made + 1;
    Instant failedAt = failed.endedAt() != null ? failed.endedAt() : failed.startedAt();
    Instant due = failedAt.plus(policy.delayBefore(attempt));
    if (clock.instant().isBefore(due)) {
      announce(row, attempt, policy, due, cause);
      return;
    }
    LOG.warn(
        "Pipeline '{}': automatic recovery attempt {} of {} after: {}",
        row.name(),
        attempt,
        policy.maxAttempts(),
        cause);
    try {
      lifecycle.recover(row.id(), TRIGGER, OptionalInt.of(attempt));
    } catch (RuntimeException e) {
      // recorded as a failed run by the lifecycle when the cluster refused it; counted next round
      LOG.warn(
          "Pipeline '{}': automatic recovery attempt {} not submitted: {}",
          row.name(),
          attempt,
          e.getMessage());
    }
  }

  /**
   * Starts a pipeline stopped by a gap in its log afresh when its definition asks for that ({@code
   * auto_resnapshot}), at most once every {@link #RESNAPSHOT_PAUSE}: a fresh start that fails part
   * way leaves the gap reason, and is tried again after the pause.
   */
  private void resnapshotIfAsked(PipelineRow row) {
    if (row.mode() == PipelineMode.CDC_ONLY
        || !Boolean.TRUE.equals(pipelines.definition(row).options().autoResnapshot())) {
      return;
    }
    Instant now = clock.instant();
    Instant last = resnapshotAt.get(row.id());
    if (last != null && now.isBefore(last.plus(RESNAPSHOT_PAUSE))) {
      return;
    }
    resnapshotAt.put(row.id(), now);
    LOG.warn(
        "Pipeline '{}': {}; starting afresh by itself (auto_resnapshot)",
        row.name(),
        row.stateReason());
    try {
      lifecycle.resnapshot(row.id());
    } catch (RuntimeException e) {
      LOG.warn("Pipeline '{}': automatic resnapshot failed: {}", row.name(), e.getMessage());
    }
  }

  /** Consecutive newest auto-recover runs that failed before they had run stably. */
  static int attemptsMade(List<PipelineRunRow> newestFirst) {
    int made = 0;
    for (PipelineRunRow run : newestFirst) {
      if (!TRIGGER.equals(run.trigger())) {
        break;
      }
      Instant end = run.endedAt();
      if (end != null && Duration.between(run.startedAt(), end).compareTo(STABLE_RUN) >= 0) {
        break;
      }
      made++;
    }
    return made;
  }

  /** Says in the pipeline's reason when the next attempt comes (once per attempt). */
  private void announce(
      PipelineRow row, int attempt, RecoveryPolicy policy, Instant due, String cause) {
    String plan = PLANNED + " " + attempt + " of " + policy.maxAttempts();
    if (row.stateReason() != null && row.stateReason().contains(plan)) {
      return;
    }
    LOG.warn(
        "Pipeline '{}' failed: {}; {} at {}",
        row.name(),
        cause,
        plan,
        due.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    pipelineDao.compareAndSetState(
        row.id(),
        PipelineState.FAILED,
        PipelineState.FAILED,
        cause
            + " ("
            + plan
            + " at "
            + due.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + ")");
  }

  private void giveUp(PipelineRow row, RecoveryPolicy policy, String cause) {
    if (row.stateReason() != null && row.stateReason().contains(GAVE_UP)) {
      return;
    }
    LOG.error(
        "Pipeline '{}' stays FAILED: {} after {} attempts; last failure: {}",
        row.name(),
        GAVE_UP,
        policy.maxAttempts(),
        cause);
    pipelineDao.compareAndSetState(
        row.id(),
        PipelineState.FAILED,
        PipelineState.FAILED,
        cause
            + " ("
            + GAVE_UP
            + " after "
            + policy.maxAttempts()
            + " attempts; fix the cause and POST /recover)");
  }
}
