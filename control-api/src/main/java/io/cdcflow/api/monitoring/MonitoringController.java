package io.cdcflow.api.monitoring;

import io.cdcflow.api.monitoring.MonitoringViews.CurrentMetrics;
import io.cdcflow.api.monitoring.MonitoringViews.Dashboard;
import io.cdcflow.api.monitoring.MonitoringViews.Health;
import io.cdcflow.api.monitoring.MonitoringViews.History;
import io.cdcflow.api.monitoring.MonitoringViews.Lag;
import io.cdcflow.api.pipelines.PipelineService;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.api.server.Problem;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** HTTP in and out for pipeline monitoring: dashboard, metrics, history, lag, health, scrape. */
public final class MonitoringController {

  private final PipelineMonitoring monitoring;
  private final PipelineService pipelines;
  private final PrometheusExposition prometheus;

  public MonitoringController(
      PipelineMonitoring monitoring, PipelineService pipelines, PrometheusExposition prometheus) {
    this.monitoring = monitoring;
    this.pipelines = pipelines;
    this.prometheus = prometheus;
  }

  @OpenApi(
      path = "/api/monitoring/dashboard",
      methods = HttpMethod.GET,
      tags = "monitoring",
      summary =
          "Pipelines by state, total throughput, worst lag, active alerts, Flink cluster summary",
      responses =
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = Dashboard.class)))
  public void dashboard(Context ctx) {
    ctx.json(monitoring.dashboard());
  }

  @OpenApi(
      path = "/api/monitoring/pipelines/{id}/metrics",
      methods = HttpMethod.GET,
      tags = "monitoring",
      summary = "The pipeline's newest figures (collected now when the newest are stale)",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = CurrentMetrics.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void metrics(Context ctx) {
    ctx.json(monitoring.current(id(ctx)));
  }

  @OpenApi(
      path = "/api/monitoring/pipelines/{id}/metrics/history",
      methods = HttpMethod.GET,
      tags = "monitoring",
      summary = "Stored figures as time series, bucketed by step (max for gauges, avg for rates)",
      pathParams = @OpenApiParam(name = "id", required = true),
      queryParams = {
        @OpenApiParam(name = "from", description = "ISO-8601 instant; default to - 1 hour"),
        @OpenApiParam(name = "to", description = "ISO-8601 instant; default now"),
        @OpenApiParam(name = "step", description = "seconds, or an ISO-8601 duration (PT1M)"),
        @OpenApiParam(name = "metrics", description = "comma-separated metric keys; default all")
      },
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = History.class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class))
      })
  public void history(Context ctx) {
    List<String> metrics =
        Optional.ofNullable(ctx.queryParam("metrics")).stream()
            .flatMap(m -> Arrays.stream(m.split(",")))
            .map(String::trim)
            .filter(m -> !m.isEmpty())
            .toList();
    ctx.json(
        monitoring.history(
            id(ctx),
            instant(ctx, "from"),
            instant(ctx, "to"),
            duration(ctx, "step").map(Duration::toSeconds),
            metrics));
  }

  @OpenApi(
      path = "/api/monitoring/pipelines/{id}/lag",
      methods = HttpMethod.GET,
      tags = "monitoring",
      summary =
          "End-to-end lag now and its p50/p99/max over a window, source-side lag, slot WAL retained",
      pathParams = @OpenApiParam(name = "id", required = true),
      queryParams =
          @OpenApiParam(
              name = "window",
              description = "seconds or ISO-8601 duration; default 15 min"),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = Lag.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void lag(Context ctx) {
    ctx.json(monitoring.lag(id(ctx), duration(ctx, "window").orElse(Duration.ofMinutes(15))));
  }

  @OpenApi(
      path = "/api/monitoring/pipelines/{id}/health",
      methods = HttpMethod.GET,
      tags = "monitoring",
      summary =
          "healthy / degraded / failing with the reasons: job state, restarts, checkpoint failures, lag, stalled throughput, replication slot",
      pathParams = @OpenApiParam(name = "id", required = true),
      queryParams =
          @OpenApiParam(
              name = "lag_threshold",
              description = "seconds or ISO-8601 duration over which lag degrades; default 300 s"),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = Health.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void health(Context ctx) {
    PipelineHealthJudge.Limits defaults = PipelineHealthJudge.Limits.defaults();
    Duration lag = duration(ctx, "lag_threshold").orElse(defaults.lag());
    ctx.json(monitoring.health(id(ctx), defaults.withLag(lag)));
  }

  @OpenApi(
      path = "/metrics",
      methods = HttpMethod.GET,
      tags = "monitoring",
      summary = "Prometheus text format: per-pipeline gauges, states, active alerts",
      responses = @OpenApiResponse(status = "200", content = @OpenApiContent(type = "text/plain")))
  public void scrape(Context ctx) {
    ctx.contentType(prometheus.contentType()).result(prometheus.scrape());
  }

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  private static final Duration LONGEST = Duration.ofDays(3650);

  private UUID id(Context ctx) {
    return pipelines.idOf(ctx.pathParam("id"));
  }

  private static Optional<Instant> instant(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      Instant parsed = Instant.parse(value.trim());
      if (parsed.isBefore(Instant.EPOCH) || parsed.isAfter(LATEST)) {
        throw ApiProblem.invalid(name, "must be between 1970 and 9999, got '" + value + "'");
      }
      return Optional.of(parsed);
    } catch (DateTimeParseException e) {
      throw ApiProblem.invalid(
          name, "'" + value + "' is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
  }

  /** Seconds ({@code 60}) or an ISO-8601 duration ({@code PT1M}). */
  private static Optional<Duration> duration(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.trim();
    try {
      Duration d =
          text.chars().allMatch(Character::isDigit)
              ? Duration.ofSeconds(Long.parseLong(text))
              : Duration.parse(text);
      if (d.isNegative() || d.isZero()) {
        throw ApiProblem.invalid(name, "must be positive, got '" + value + "'");
      }
      if (d.compareTo(LONGEST) > 0) {
        throw ApiProblem.invalid(name, "must be at most 3650 days, got '" + value + "'");
      }
      return Optional.of(d);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw ApiProblem.invalid(
          name, "'" + value + "' is neither seconds nor an ISO-8601 duration such as PT5M");
    }
  }
}
