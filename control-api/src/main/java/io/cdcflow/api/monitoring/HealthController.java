package io.cdcflow.api.monitoring;

import io.cdcflow.catalog.store.CatalogStore;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** {@code GET /api/monitoring/health}: is the platform able to work right now. */
public final class HealthController {

  private final CatalogStore catalog;
  private final String version;
  private final Instant startedAt;

  public HealthController(CatalogStore catalog, String version, Instant startedAt) {
    this.catalog = catalog;
    this.version = version;
    this.startedAt = startedAt;
  }

  @OpenApi(
      path = "/api/monitoring/health",
      methods = HttpMethod.GET,
      tags = "monitoring",
      summary =
          "Platform health: catalog reachable, version, uptime (503 when a component is down)",
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = Health.class)),
        @OpenApiResponse(status = "503", content = @OpenApiContent(from = Health.class))
      })
  public void health(Context ctx) {
    boolean catalogUp = catalog.isReachable();
    Health health =
        new Health(
            catalogUp ? "UP" : "DOWN",
            version,
            startedAt,
            Duration.between(startedAt, Instant.now()).toSeconds(),
            Map.of(
                "catalog",
                new Component(
                    catalogUp ? "UP" : "DOWN", catalogUp ? "reachable" : "not reachable")));
    ctx.status(catalogUp ? 200 : 503).json(health);
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
