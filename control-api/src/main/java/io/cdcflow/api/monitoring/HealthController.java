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
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/monitoring/health}: is the platform able to work right now. */
public final class HealthController {

  private static final long MIN_FREE_BYTES = 256L * 1024 * 1024;
  private static final long MIN_FREE_PERCENT = 2;

  private final CatalogStore catalog;
  private final FlinkRestClient flink;
  private final MetricsCollector collector;
  private final Path dataDir;
  private final String version;
  private final Instant startedAt;

  public HealthController(
      CatalogStore catalog,
      FlinkRestClient flink,
      MetricsCollector collector,
      Path dataDir,
      String version,
      Instant startedAt) {
    this.catalog = catalog;
    this.flink = flink;
    this.collector = collector;
    this.dataDir = dataDir;
    this.version = version;
    this.startedAt = startedAt;
  }

  @OpenApi(
      path = "/api/monitoring/health",
      methods = HttpMethod.GET,
      tags = "monitoring",
      summary =
          "Platform health: catalog, Flink cluster, metrics collector, disk; version, uptime (503 when a component is down)",
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
    components.put("collector", collectorComponent());
    components.put("disk", diskComponent());
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

  /** UP while rounds complete; DOWN when none has for three intervals (or ever, after that). */
  private Component collectorComponent() {
    MetricsCollector.Status status = collector.status();
    Duration late = status.interval().multipliedBy(3);
    Instant reference = status.lastSuccessAt().orElse(startedAt);
    boolean up = Duration.between(reference, Instant.now()).compareTo(late) <= 0;
    String detail =
        status.lastSuccessAt().map(at -> "last round " + at).orElse("no round yet")
            + ", every "
            + status.interval().toSeconds()
            + " s"
            + status.lastError().map(e -> "; last error: " + e).orElse("");
    return new Component(up ? "UP" : "DOWN", detail);
  }

  /** The data directory holds the embedded catalog, checkpoints and savepoints. */
  private Component diskComponent() {
    try {
      FileStore store = Files.getFileStore(dataDir);
      long free = store.getUsableSpace();
      long total = store.getTotalSpace();
      boolean up = free >= MIN_FREE_BYTES && (total == 0 || free * 100 / total >= MIN_FREE_PERCENT);
      return new Component(
          up ? "UP" : "DOWN",
          dataDir + ": " + free / (1024 * 1024) + " MiB free of " + total / (1024 * 1024) + " MiB");
    } catch (IOException e) {
      return new Component("DOWN", dataDir + ": " + e.getMessage());
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
