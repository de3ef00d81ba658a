package io.cdcflow.api.quality;

import io.cdcflow.api.monitoring.MetricsCollector;
import io.cdcflow.api.monitoring.PipelineMetric;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.PipelineRow;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds data-quality figures into the collector's observations: schema drift and tables left empty
 * at the target of every pipeline past its copy, and row-count mismatches of a finished full load
 * (a streaming pipeline's counts differ while changes are in flight, so they would only raise false
 * alarms). Checks read both databases and can take long, so they run on their own thread, at most
 * every {@link #EVERY} per pipeline (and once more when the pipeline's state changes); a round
 * reads the newest result.
 */
public final class QualityFigures implements MetricsCollector.FigureSource, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(QualityFigures.class);
  static final Duration EVERY = Duration.ofMinutes(5);

  private record Result(Instant at, PipelineState state, Map<PipelineMetric, Double> figures) {}

  private final DataQualityService quality;
  private final Map<UUID, Result> results = new ConcurrentHashMap<>();
  private final Map<UUID, Boolean> running = new ConcurrentHashMap<>();
  private final ExecutorService checker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "cdcflow-quality-checks");
            t.setDaemon(true);
            return t;
          });

  public QualityFigures(DataQualityService quality) {
    this.quality = quality;
  }

  @Override
  public Map<PipelineMetric, Double> figures(PipelineRow pipeline, Instant now) {
    boolean checked =
        pipeline.state() == PipelineState.STREAMING || pipeline.state() == PipelineState.COMPLETED;
    if (!checked) {
      results.remove(pipeline.id());
      return Map.of();
    }
    Result last = results.get(pipeline.id());
    boolean due =
        last == null
            || last.state() != pipeline.state()
            || Duration.between(last.at(), now).compareTo(EVERY) >= 0;
    if (due && running.putIfAbsent(pipeline.id(), Boolean.TRUE) == null) {
      checker.execute(() -> check(pipeline, now));
    }
    return last == null || last.state() != pipeline.state() ? Map.of() : last.figures();
  }

  private void check(PipelineRow pipeline, Instant now) {
    try {
      DataQualityReport.Summary summary = quality.check(pipeline.id(), false).summary();
      Map<PipelineMetric, Double> figures = new EnumMap<>(PipelineMetric.class);
      figures.put(PipelineMetric.SCHEMA_DRIFT_COLUMNS, (double) summary.driftedColumns());
      // an empty target beside a source with rows is no change in flight: the copy lost them
      figures.put(PipelineMetric.EMPTY_TARGET_TABLES, (double) summary.emptyTargetTables());
      if (pipeline.state() == PipelineState.COMPLETED) {
        figures.put(PipelineMetric.ROW_COUNT_MISMATCH_TABLES, (double) summary.mismatchedTables());
      }
      results.put(pipeline.id(), new Result(now, pipeline.state(), figures));
    } catch (RuntimeException e) {
      LOG.debug("Data quality of pipeline '{}' not checked: {}", pipeline.name(), e.getMessage());
      results.put(pipeline.id(), new Result(now, pipeline.state(), Map.of()));
    } finally {
      running.remove(pipeline.id());
    }
  }

  /** Stops the checker thread; a check in progress is interrupted. */
  @Override
  public void close() {
    checker.shutdownNow();
  }
}
