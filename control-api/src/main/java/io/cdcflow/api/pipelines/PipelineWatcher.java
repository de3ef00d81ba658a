package io.cdcflow.api.pipelines;

import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the catalog in step with the cluster without anyone asking: every few seconds each active
 * pipeline is refreshed from its job (state changes, failures, the newest retained checkpoint);
 * each FAILED one is handed to {@code onFailed} (automatic recovery), each STREAMING one to {@code
 * onStreaming} (tables copied while it streams). {@code onStart} runs once on the same thread
 * before the first round (reconciliation), so they never race.
 */
public final class PipelineWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineWatcher.class);

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "cdcflow-pipeline-watcher");
            t.setDaemon(true);
            return t;
          });
  private final PipelineDao pipelines;
  private final PipelineLifecycle lifecycle;
  private final Runnable onStart;
  private final Consumer<PipelineRow> onFailed;
  private final Consumer<PipelineRow> onStreaming;

  public PipelineWatcher(
      PipelineDao pipelines,
      PipelineLifecycle lifecycle,
      Runnable onStart,
      Consumer<PipelineRow> onFailed,
      Consumer<PipelineRow> onStreaming) {
    this.pipelines = pipelines;
    this.lifecycle = lifecycle;
    this.onStart = onStart;
    this.onFailed = onFailed;
    this.onStreaming = onStreaming;
  }

  public PipelineWatcher start(Duration interval) {
    scheduler.execute(
        () -> {
          try {
            onStart.run();
          } catch (RuntimeException e) {
            LOG.warn("Start-up reconciliation failed: {}", e.getMessage());
          }
        });
    scheduler.scheduleWithFixedDelay(
        this::refreshAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  void refreshAll() {
    for (PipelineRow row : pipelines.list()) {
      try {
        PipelineRow now = row.state().isActive() ? lifecycle.refresh(row) : row;
        if (now.state() == PipelineState.FAILED) {
          onFailed.accept(now);
        } else if (now.state() == PipelineState.STREAMING) {
          onStreaming.accept(now);
        }
      } catch (RuntimeException e) {
        LOG.warn("Could not refresh pipeline '{}': {}", row.name(), e.getMessage());
      }
    }
  }

  /**
   * Lets a round in progress finish before returning: the Flink cluster closes after the watcher,
   * and a refresh still running then would find the embedded cluster's jobs gone and mark their
   * pipelines FAILED, when they are only waiting for the next start's reconciliation.
   */
  @Override
  public void close() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
