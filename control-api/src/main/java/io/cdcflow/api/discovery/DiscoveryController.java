package io.cdcflow.api.discovery;

import io.cdcflow.api.connections.ConnectionService;
import io.cdcflow.api.server.Problem;
import io.cdcflow.catalog.discovery.TableDependencies;
import io.cdcflow.catalog.discovery.TableSchema;
import io.cdcflow.catalog.discovery.TableSummary;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import java.util.UUID;

/** HTTP in and out for discovery under {@code /api/connections/{id}}. */
public final class DiscoveryController {

  private final DiscoveryService service;
  private final ConnectionService connections;

  public DiscoveryController(DiscoveryService service, ConnectionService connections) {
    this.service = service;
    this.connections = connections;
  }

  @OpenApi(
      path = "/api/connections/{id}/databases",
      methods = HttpMethod.GET,
      tags = "discovery",
      summary = "Databases on the connection's server",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = String[].class)),
        @OpenApiResponse(status = "422", content = @OpenApiContent(from = Problem.class))
      })
  public void databases(Context ctx) {
    ctx.json(service.databases(id(ctx)));
  }

  @OpenApi(
      path = "/api/connections/{id}/schemas",
      methods = HttpMethod.GET,
      tags = "discovery",
      summary = "Schemas of the connected database (MySQL: its databases)",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses =
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = String[].class)))
  public void schemas(Context ctx) {
    ctx.json(service.schemas(id(ctx)));
  }

  @OpenApi(
      path = "/api/connections/{id}/tables",
      methods = HttpMethod.GET,
      tags = "discovery",
      summary = "Tables with estimated rows, size and whether they have a primary key",
      pathParams = @OpenApiParam(name = "id", required = true),
      queryParams = {
        @OpenApiParam(name = "schema", description = "only this schema"),
        @OpenApiParam(name = "pattern", description = "table name filter, * matches anything")
      },
      responses =
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = TableSummary[].class)))
  public void tables(Context ctx) {
    ctx.json(service.tables(id(ctx), ctx.queryParam("schema"), ctx.queryParam("pattern")));
  }

  @OpenApi(
      path = "/api/connections/{id}/table/{name}/schema",
      methods = HttpMethod.GET,
      tags = "discovery",
      summary = "A table's columns, keys and foreign keys",
      pathParams = {
        @OpenApiParam(name = "id", required = true),
        @OpenApiParam(
            name = "name",
            description = "table, or schema.table (quote parts with dots)",
            required = true)
      },
      queryParams =
          @OpenApiParam(name = "schema", description = "the table's schema, instead of a prefix"),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = TableSchema.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void table(Context ctx) {
    ctx.json(service.table(id(ctx), ctx.pathParam("name"), ctx.queryParam("schema")));
  }

  @OpenApi(
      path = "/api/connections/{id}/discover",
      methods = HttpMethod.GET,
      tags = "discovery",
      summary = "The whole tree in one call: schemas, tables and their definitions",
      pathParams = @OpenApiParam(name = "id", required = true),
      queryParams = @OpenApiParam(name = "schema", description = "only this schema"),
      responses =
          @OpenApiResponse(
              status = "200",
              content = @OpenApiContent(from = DiscoveryService.DatabaseTree.class)))
  public void discover(Context ctx) {
    ctx.json(service.discover(id(ctx), ctx.queryParam("schema")));
  }

  @OpenApi(
      path = "/api/connections/{id}/tables/{name}/dependencies",
      methods = HttpMethod.GET,
      tags = "discovery",
      summary = "Tables this table references and tables that reference it",
      pathParams = {
        @OpenApiParam(name = "id", required = true),
        @OpenApiParam(name = "name", required = true)
      },
      queryParams = @OpenApiParam(name = "schema"),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = TableDependencies.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void dependencies(Context ctx) {
    ctx.json(service.dependencies(id(ctx), ctx.pathParam("name"), ctx.queryParam("schema")));
  }

  @OpenApi(
      path = "/api/connections/{id}/tables/size-estimate",
      methods = HttpMethod.GET,
      tags = "discovery",
      summary = "Estimated rows and bytes per table and in total",
      pathParams = @OpenApiParam(name = "id", required = true),
      queryParams = {@OpenApiParam(name = "schema"), @OpenApiParam(name = "pattern")},
      responses =
          @OpenApiResponse(
              status = "200",
              content = @OpenApiContent(from = DiscoveryService.SizeEstimate.class)))
  public void sizeEstimate(Context ctx) {
    ctx.json(service.sizeEstimate(id(ctx), ctx.queryParam("schema"), ctx.queryParam("pattern")));
  }

  private UUID id(Context ctx) {
    return connections.idOf(ctx.pathParam("id"));
  }
}
