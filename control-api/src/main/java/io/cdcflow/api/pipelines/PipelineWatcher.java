package io.cdcflow.api.pipelines;

import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the catalog in step with the cluster without anyone asking: every few seconds each active
 * pipeline is refreshed from its job (state changes, failures, the newest retained checkpoint).
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

  public PipelineWatcher(PipelineDao pipelines, PipelineLifecycle lifecycle) {
    this.pipelines = pipelines;
    this.lifecycle = lifecycle;
  }

  public PipelineWatcher start(Duration interval) {
    scheduler.scheduleWithFixedDelay(
        this::refreshAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  void refreshAll() {
    for (PipelineRow row : pipelines.list()) {
      if (!row.state().isActive()) {
        continue;
      }
      try {
        lifecycle.refresh(row);
      } catch (RuntimeException e) {
        LOG.warn("Could not refresh pipeline '{}': {}", row.name(), e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
