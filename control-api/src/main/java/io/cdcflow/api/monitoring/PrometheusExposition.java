package io.cdcflow.api.monitoring;

import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: every pipeline's newest figures as Prometheus gauges ({@code
 * cdcflow_pipeline_<key>}, labels {@code pipeline} and {@code pipeline_id}; figures ending in
 * {@code _total} are counters), the pipeline states, active alerts by severity and the collector's
 * last successful round. Flink's own metrics come from its Prometheus reporter.
 */
public final class PrometheusExposition {

  private static final String PREFIX = "cdcflow_pipeline_";

  private final PipelineDao pipelines;
  private final MetricsCollector collector;
  private final Supplier<Map<String, Integer>> activeAlertsBySeverity;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public PrometheusExposition(
      PipelineDao pipelines,
      MetricsCollector collector,
      Supplier<Map<String, Integer>> activeAlertsBySeverity) {
    this.pipelines = pipelines;
    this.collector = collector;
    this.activeAlertsBySeverity = activeAlertsBySeverity;
  }

  public String contentType() {
    return writer.getContentType();
  }

  public byte[] scrape() {
    List<PipelineRow> rows = pipelines.list();
    List<MetricSnapshot> snapshots = new ArrayList<>();
    Map<PipelineMetric, List<Map.Entry<Labels, Double>>> byMetric =
        new EnumMap<>(PipelineMetric.class);
    GaugeSnapshot.Builder states =
        GaugeSnapshot.builder()
            .name(PREFIX + "state")
            .help("1 for the pipeline's current state (label state)");
    Map<String, Integer> perState = new TreeMap<>();
    for (PipelineState state : PipelineState.values()) {
      perState.put(state.name(), 0);
    }
    for (PipelineRow row : rows) {
      Labels labels = Labels.of("pipeline", row.name(), "pipeline_id", row.id().toString());
      states.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(labels.add("state", row.state().name()))
              .value(1)
              .build());
      perState.merge(row.state().name(), 1, Integer::sum);
      Optional<PipelineObservation> seen = collector.latest(row.id());
      seen.ifPresent(
          o ->
              o.values()
                  .forEach(
                      (metric, value) ->
                          byMetric
                              .computeIfAbsent(metric, m -> new ArrayList<>())
                              .add(Map.entry(labels, value))));
    }
    snapshots.add(states.build());
    byMetric.forEach((metric, points) -> snapshots.add(snapshot(metric, points)));

    GaugeSnapshot.Builder counts =
        GaugeSnapshot.builder().name("cdcflow_pipelines").help("pipelines per state");
    perState.forEach(
        (state, n) ->
            counts.dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("state", state))
                    .value(n)
                    .build()));
    snapshots.add(counts.build());

    GaugeSnapshot.Builder alerts =
        GaugeSnapshot.builder().name("cdcflow_alerts_active").help("alerts not yet resolved");
    Map<String, Integer> bySeverity = new TreeMap<>(Map.of("info", 0, "warning", 0, "critical", 0));
    bySeverity.putAll(activeAlertsBySeverity.get());
    bySeverity.forEach(
        (severity, n) ->
            alerts.dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("severity", severity))
                    .value(n)
                    .build()));
    snapshots.add(alerts.build());

    collector
        .status()
        .lastSuccessAt()
        .ifPresent(
            at ->
                snapshots.add(
                    GaugeSnapshot.builder()
                        .name("cdcflow_collector_last_success_timestamp_seconds")
                        .help("when the metrics collector last completed a round")
                        .dataPoint(
                            GaugeDataPointSnapshot.builder()
                                .value(at.toEpochMilli() / 1000.0)
                                .build())
                        .build()));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, new MetricSnapshots(snapshots));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static MetricSnapshot snapshot(
      PipelineMetric metric, List<Map.Entry<Labels, Double>> points) {
    if (metric.key().endsWith("_total")) {
      // the writer appends _total to counter names
      CounterSnapshot.Builder counter =
          CounterSnapshot.builder()
              .name(PREFIX + metric.key().substring(0, metric.key().length() - "_total".length()))
              .help(metric.help());
      points.forEach(
          p ->
              counter.dataPoint(
                  CounterDataPointSnapshot.builder()
                      .labels(p.getKey())
                      .value(p.getValue())
                      .build()));
      return counter.build();
    }
    GaugeSnapshot.Builder gauge =
        GaugeSnapshot.builder().name(PREFIX + metric.key()).help(metric.help());
    points.forEach(
        p ->
            gauge.dataPoint(
                GaugeDataPointSnapshot.builder().labels(p.getKey()).value(p.getValue()).build()));
    return gauge.build();
  }
}
