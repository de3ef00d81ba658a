package io.cdcflow.api.monitoring;

import io.cdcflow.api.connections.ConnectionService;
import io.cdcflow.api.flink.FlinkRestClient;
import io.cdcflow.api.pipelines.PipelineService;
import io.cdcflow.catalog.store.CatalogStore;
import io.cdcflow.catalog.store.MetricSampleDao;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRunDao;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** The monitoring capability put together: collector, sample history, queries, scrape endpoint. */
public final class Monitoring implements AutoCloseable {

  private final MetricsCollector collector;
  private final MonitoringController controller;

  private Monitoring(MetricsCollector collector, MonitoringController controller) {
    this.collector = collector;
    this.controller = controller;
  }

  /**
   * Puts monitoring together; the collector runs every {@code interval} once its sources and
   * listeners are added and {@link MetricsCollector#start()} is called.
   *
   * @param activeAlertsBySeverity counts of unresolved alerts per severity, for the dashboard and
   *     the scrape endpoint
   */
  public static Monitoring create(
      Duration interval,
      CatalogStore catalog,
      FlinkRestClient flink,
      ConnectionService connections,
      PipelineService pipelines,
      Supplier<Map<String, Integer>> activeAlertsBySeverity) {
    Clock clock = Clock.systemUTC();
    PipelineDao pipelineDao = catalog.dao(PipelineDao.class);
    SampleHistory history = new SampleHistory(catalog.dao(MetricSampleDao.class));
    MetricsCollector collector =
        new MetricsCollector(
            pipelineDao,
            catalog.dao(PipelineRunDao.class),
            new JobFiguresReader(flink),
            new SourceBacklogProbe(connections),
            history,
            interval,
            clock);
    PipelineMonitoring monitoring =
        new PipelineMonitoring(
            pipelines, pipelineDao, collector, history, flink, activeAlertsBySeverity, clock);
    MonitoringController controller =
        new MonitoringController(
            monitoring,
            pipelines,
            new PrometheusExposition(pipelineDao, collector, activeAlertsBySeverity));
    return new Monitoring(collector, controller);
  }

  public MetricsCollector collector() {
    return collector;
  }

  public MonitoringController controller() {
    return controller;
  }

  @Override
  public void close() {
    collector.close();
  }
}
