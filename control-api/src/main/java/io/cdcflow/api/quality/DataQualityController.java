package io.cdcflow.api.quality;

import io.cdcflow.api.pipelines.PipelineService;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.api.server.Problem;
import io.cdcflow.api.server.RequestBodies;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** HTTP in and out for {@code /api/monitoring/pipelines/{id}/data-quality}. */
public final class DataQualityController {

  private final DataQualityService quality;
  private final PipelineService pipelines;
  private final RequestBodies bodies;

  public DataQualityController(
      DataQualityService quality, PipelineService pipelines, RequestBodies bodies) {
    this.quality = quality;
    this.pipelines = pipelines;
    this.bodies = bodies;
  }

  @OpenApi(
      path = "/api/monitoring/pipelines/{id}/data-quality",
      methods = HttpMethod.GET,
      tags = "monitoring",
      summary =
          "Per table: source vs target row counts (exact up to exact_threshold estimated rows, else"
              + " the databases' estimates) and schema drift of the target",
      pathParams = @OpenApiParam(name = "id", description = "pipeline id or name", required = true),
      queryParams = {
        @OpenApiParam(
            name = "exact",
            type = Boolean.class,
            description = "count every table exactly, whatever its size (default false)"),
        @OpenApiParam(
            name = "exact_threshold",
            type = Long.class,
            description = "largest estimated source rows counted exactly (default 1000000)"),
        @OpenApiParam(
            name = "tables",
            description = "only these source tables, comma-separated schema.table names")
      },
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = DataQualityReport.class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "422", content = @OpenApiContent(from = Problem.class))
      })
  public void report(Context ctx) {
    DataQualityService.CountOptions options =
        new DataQualityService.CountOptions(
            bool(ctx, "exact"), threshold(ctx), tables(ctx.queryParam("tables")));
    ctx.json(quality.check(pipelines.idOf(ctx.pathParam("id")), options));
  }

  @OpenApi(
      path = "/api/monitoring/pipelines/{id}/data-quality/checksum",
      methods = HttpMethod.POST,
      tags = "monitoring",
      summary =
          "Compare the rows of one key range, source vs target, value by value after normalising"
              + " PostgreSQL and MySQL/MariaDB representations",
      description =
          "Body: {\"table\": \"schema.table\", \"from\": 100, \"to\": 200, \"limit\": 10000}."
              + " from/to are inclusive bounds: a value for a single-column key, or an object with"
              + " a value per key column ({\"region\": \"eu\", \"id\": 100}) for a composite key;"
              + " either may be left out (unbounded). Values are given as JSON numbers or strings"
              + " (dates and times in ISO-8601). At most limit source rows are read in key order"
              + " (default 10000, max 100000); when the range holds more, the comparison stops at"
              + " the last key read and truncated is true.",
      pathParams = @OpenApiParam(name = "id", description = "pipeline id or name", required = true),
      requestBody =
          @OpenApiRequestBody(
              content = @OpenApiContent(from = ChecksumRequest.class),
              required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = ChecksumReport.class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "422", content = @OpenApiContent(from = Problem.class))
      })
  public void checksum(Context ctx) {
    ChecksumRequest request = bodies.read(ctx, ChecksumRequest.class);
    ctx.json(quality.checksum(pipelines.idOf(ctx.pathParam("id")), request));
  }

  private static boolean bool(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw ApiProblem.invalid(name, "true or false, not '" + value + "'");
    };
  }

  private long threshold(Context ctx) {
    String value = ctx.queryParam("exact_threshold");
    if (value == null || value.isBlank()) {
      return quality.exactThreshold();
    }
    try {
      long threshold = Long.parseLong(value.trim());
      if (threshold < 0) {
        throw new NumberFormatException();
      }
      return threshold;
    } catch (NumberFormatException e) {
      throw ApiProblem.invalid(
          "exact_threshold", "a number of rows, 0 or more, not '" + value + "'");
    }
  }

  private static List<String> tables(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
