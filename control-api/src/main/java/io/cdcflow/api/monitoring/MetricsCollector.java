package io.cdcflow.api.monitoring;

import io.cdcflow.api.flink.CheckpointStats;
import io.cdcflow.api.flink.FlinkClusterException;
import io.cdcflow.api.flink.JobState;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.catalog.store.PipelineRunDao;
import io.cdcflow.catalog.store.PipelineRunRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every interval, observes each pipeline that has ever been started: its Flink job through the REST
 * API (state, restarts, checkpoints, source and sink metrics), and the source database's own
 * backlog. Each {@link PipelineObservation} is stored as samples and handed to the listeners
 * (alerting). One round never stops on one pipeline's trouble; a listener's failure is logged.
 */
public final class MetricsCollector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsCollector.class);

  /** How the collector itself is doing, for the platform health check. */
  public record Status(
      Duration interval,
      Optional<Instant> lastRoundAt,
      Optional<Instant> lastSuccessAt,
      Optional<String> lastError,
      long rounds) {}

  private final PipelineDao pipelines;
  private final PipelineRunDao runs;
  private final JobFiguresReader flink;
  private final SourceBacklogProbe backlog;
  private final SampleHistory history;
  private final Duration interval;
  private final Clock clock;
  private final DerivedFigures derived = new DerivedFigures();
  private final Map<UUID, PipelineObservation> latest = new ConcurrentHashMap<>();
  private final Map<UUID, JobFigures> latestFigures = new ConcurrentHashMap<>();
  private final List<Consumer<PipelineObservation>> listeners = new CopyOnWriteArrayList<>();
  private final List<FigureSource> figureSources = new CopyOnWriteArrayList<>();
  private final List<Consumer<UUID>> deletionListeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "cdcflow-metrics-collector");
            t.setDaemon(true);
            return t;
          });
  private final Object roundLock = new Object();
  private volatile Instant lastRoundAt;
  private volatile Instant lastSuccessAt;
  private volatile String lastError;
  private volatile long rounds;

  /** More figures for an observation, from elsewhere (data quality, alerting). */
  @FunctionalInterface
  public interface FigureSource {
    Map<PipelineMetric, Double> figures(PipelineRow pipeline, Instant now);
  }

  public MetricsCollector(
      PipelineDao pipelines,
      PipelineRunDao runs,
      JobFiguresReader flink,
      SourceBacklogProbe backlog,
      SampleHistory history,
      Duration interval,
      Clock clock) {
    this.pipelines = pipelines;
    this.runs = runs;
    this.flink = flink;
    this.backlog = backlog;
    this.history = history;
    this.interval = interval;
    this.clock = clock;
  }

  public MetricsCollector addListener(Consumer<PipelineObservation> listener) {
    listeners.add(listener);
    return this;
  }

  /** Told when a pipeline observed before no longer exists. */
  public MetricsCollector onPipelineDeleted(Consumer<UUID> listener) {
    deletionListeners.add(listener);
    return this;
  }

  public MetricsCollector addFigureSource(FigureSource source) {
    figureSources.add(source);
    return this;
  }

  public MetricsCollector start() {
    scheduler.scheduleWithFixedDelay(
        this::roundQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("Metrics collector started, every {} s", interval.toSeconds());
    return this;
  }

  /** One round over every pipeline, now. */
  public List<PipelineObservation> collectAll() {
    synchronized (roundLock) {
      Instant now = clock.instant();
      lastRoundAt = now;
      List<PipelineObservation> observed = new ArrayList<>();
      for (PipelineRow row : pipelines.list()) {
        if (row.state() == PipelineState.CREATED) {
          continue;
        }
        observed.add(collect(row, now));
      }
      forgetDeleted(observed);
      history.compactIfDue(now);
      lastSuccessAt = now;
      lastError = null;
      rounds++;
      return observed;
    }
  }

  /** Observes one pipeline now (outside the schedule), e.g. for the current-metrics endpoint. */
  public PipelineObservation collect(PipelineRow row) {
    synchronized (roundLock) {
      return collect(row, clock.instant());
    }
  }

  /** The newest observation of a pipeline made since this process started. */
  public Optional<PipelineObservation> latest(UUID pipeline) {
    return Optional.ofNullable(latest.get(pipeline));
  }

  public Collection<PipelineObservation> latest() {
    return List.copyOf(latest.values());
  }

  /** The Flink figures behind the newest observation (per-table counts and the like). */
  public Optional<JobFigures> latestFigures(UUID pipeline) {
    return Optional.ofNullable(latestFigures.get(pipeline));
  }

  /** Commit time of the newest change the pipeline's sink applied, as far as seen. */
  public Optional<Instant> newestApplied(UUID pipeline) {
    return derived.newestApplied(pipeline);
  }

  public Status status() {
    return new Status(
        interval,
        Optional.ofNullable(lastRoundAt),
        Optional.ofNullable(lastSuccessAt),
        Optional.ofNullable(lastError),
        rounds);
  }

  public Duration interval() {
    return interval;
  }

  private PipelineObservation collect(PipelineRow row, Instant now) {
    Map<PipelineMetric, Double> values = new EnumMap<>(PipelineMetric.class);
    Optional<String> jobId = Optional.empty();
    Optional<String> flinkState = Optional.empty();
    Optional<String> failure = Optional.empty();
    if (row.state().isActive()) {
      jobId = runs.latest(row.id()).map(PipelineRunRow::flinkJobId);
    }
    if (jobId.isPresent()) {
      try {
        JobFigures figures = flink.read(jobId.get());
        latestFigures.put(row.id(), figures);
        flinkState = Optional.of(figures.state().name());
        values.putAll(jobValues(figures, now));
        values.putAll(derived.update(row.id(), figures, now));
        if (figures.state() == JobState.RESTARTING || figures.state() == JobState.FAILED) {
          failure = flink.latestFailure(jobId.get());
        }
      } catch (FlinkClusterException e) {
        LOG.debug("Pipeline '{}': job {} unreadable: {}", row.name(), jobId.get(), e.getMessage());
        if (e.isNotFound()) {
          derived.jobGone(row.id());
        }
      }
    } else {
      latestFigures.remove(row.id());
      derived.jobGone(row.id());
    }
    boolean slotMade =
        row.mode() != PipelineMode.FULL_LOAD_ONLY && runs.streamedSinceFreshStart(row.id());
    values.putAll(
        backlog.read(
            row,
            derived.newestAppliedPosition(row.id()),
            slotMade,
            slotMade ? pipelines.slotConfirmedLsn(row.id()) : null));
    for (FigureSource source : figureSources) {
      try {
        values.putAll(source.figures(row, now));
      } catch (RuntimeException e) {
        LOG.warn("Pipeline '{}': extra figures unavailable: {}", row.name(), e.getMessage());
      }
    }
    PipelineObservation observation =
        new PipelineObservation(
            row.id(), row.name(), row.state(), now, jobId, flinkState, failure, values);
    latest.put(row.id(), observation);
    try {
      history.record(observation);
    } catch (RuntimeException e) {
      lastError = "storing samples failed: " + e.getMessage();
      LOG.warn("Pipeline '{}': samples not stored: {}", row.name(), e.getMessage());
    }
    for (Consumer<PipelineObservation> listener : listeners) {
      try {
        listener.accept(observation);
      } catch (RuntimeException e) {
        LOG.warn("Pipeline '{}': observation listener failed: {}", row.name(), e.toString());
      }
    }
    return observation;
  }

  private static Map<PipelineMetric, Double> jobValues(JobFigures figures, Instant now) {
    Map<PipelineMetric, Double> values = new EnumMap<>(PipelineMetric.class);
    values.put(PipelineMetric.JOB_RUNNING, figures.fullyRunning() ? 1.0 : 0.0);
    put(values, PipelineMetric.RESTARTS, figures.restarts());
    figures
        .checkpoints()
        .ifPresent(
            c -> {
              values.put(PipelineMetric.CHECKPOINTS_COMPLETED, (double) c.counts().completed());
              c.latestCompleted().ifPresent(done -> checkpointValues(values, done, now));
            });
    put(values, PipelineMetric.SOURCE_RECORDS_TOTAL, figures.sourceSum("numRecordsOut"));
    put(values, PipelineMetric.ROWS_WRITTEN_TOTAL, figures.sinkSum("numRecordsSend"));
    put(values, PipelineMetric.FETCH_LAG_MS, figures.sourceMax("currentFetchEventTimeLag"));
    put(values, PipelineMetric.EMIT_LAG_MS, figures.sourceMax("currentEmitEventTimeLag"));
    put(values, PipelineMetric.SOURCE_IDLE_MS, figures.sourceMin("sourceIdleTime"));
    put(values, PipelineMetric.BUFFERED_ROWS, figures.sinkSum("bufferedRows"));
    put(values, PipelineMetric.FLUSH_LATENCY_MS, figures.sinkMax("flushLatencyMs"));
    put(values, PipelineMetric.SNAPSHOT_TABLES_REMAINING, figures.enumerator("numTablesRemaining"));
    put(
        values,
        PipelineMetric.SNAPSHOT_SPLITS_PROCESSED,
        figures.enumerator("numSnapshotSplitsProcessed"));
    put(
        values,
        PipelineMetric.SNAPSHOT_SPLITS_REMAINING,
        figures.enumerator("numSnapshotSplitsRemaining"));
    return values;
  }

  private static void checkpointValues(
      Map<PipelineMetric, Double> values, CheckpointStats.Completed done, Instant now) {
    values.put(PipelineMetric.CHECKPOINT_DURATION_MS, (double) done.durationMs());
    values.put(PipelineMetric.CHECKPOINT_SIZE_BYTES, (double) done.stateSizeBytes());
    done.lastAcknowledged()
        .or(done::triggered)
        .ifPresent(
            at ->
                values.put(
                    PipelineMetric.CHECKPOINT_AGE_SECONDS,
                    (double) Math.max(0, Duration.between(at, now).toSeconds())));
  }

  private static void put(
      Map<PipelineMetric, Double> values, PipelineMetric metric, OptionalDouble value) {
    value.ifPresent(v -> values.put(metric, v));
  }

  private void forgetDeleted(List<PipelineObservation> observed) {
    List<UUID> present = observed.stream().map(PipelineObservation::pipelineId).toList();
    for (UUID id : List.copyOf(latest.keySet())) {
      if (!present.contains(id)) {
        latest.remove(id);
        latestFigures.remove(id);
        derived.forget(id);
        deletionListeners.forEach(listener -> listener.accept(id));
      }
    }
  }

  private void roundQuietly() {
    try {
      collectAll();
    } catch (RuntimeException e) {
      lastError = e.getMessage();
      LOG.warn("Metrics collection round failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
