package io.cdcflow.api.monitoring;

import io.cdcflow.api.flink.ClusterOverview;
import io.cdcflow.api.flink.FlinkClusterException;
import io.cdcflow.api.flink.FlinkRestClient;
import io.cdcflow.catalog.store.CatalogStore;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/monitoring/health}: is the platform able to work right now. */
public final class HealthController {

  private final CatalogStore catalog;
  private final FlinkRestClient flink;
  private final String version;
  private final Instant startedAt;

  public HealthController(
      CatalogStore catalog, FlinkRestClient flink, String version, Instant startedAt) {
    this.catalog = catalog;
    this.flink = flink;
    this.version = version;
    this.startedAt = startedAt;
  }

  @OpenApi(
      path = "/api/monitoring/health",
      methods = HttpMethod.GET,
      tags = "monitoring",
      summary =
          "Platform health: catalog and Flink cluster reachable, version, uptime (503 when a component is down)",
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = Health.class)),
        @OpenApiResponse(status = "503", content = @OpenApiContent(from = Health.class))
      })
  public void health(Context ctx) {
    Map<String, Component> components = new LinkedHashMap<>();
    boolean catalogUp = catalog.isReachable();
    components.put(
        "catalog",
        new Component(catalogUp ? "UP" : "DOWN", catalogUp ? "reachable" : "not reachable"));
    components.put("flink", flinkComponent());
    boolean up = components.values().stream().allMatch(c -> c.status().equals("UP"));
    Health health =
        new Health(
            up ? "UP" : "DOWN",
            version,
            startedAt,
            Duration.between(startedAt, Instant.now()).toSeconds(),
            components);
    ctx.status(up ? 200 : 503).json(health);
  }

  private Component flinkComponent() {
    try {
      ClusterOverview overview = flink.overview();
      return new Component(
          overview.taskManagers() > 0 ? "UP" : "DOWN",
          "Flink "
              + overview.flinkVersion()
              + " at "
              + flink.baseUrl()
              + ": "
              + overview.taskManagers()
              + " task managers, "
              + overview.slotsAvailable()
              + "/"
              + overview.slotsTotal()
              + " slots free");
    } catch (FlinkClusterException e) {
      return new Component("DOWN", "Flink at " + flink.baseUrl() + ": " + e.getMessage());
    }
  }

  /** Overall status and each component's. */
  public record Health(
      String status,
      String version,
      Instant startedAt,
      long uptimeSeconds,
      Map<String, Component> components) {}

  public record Component(String status, String detail) {}
}
