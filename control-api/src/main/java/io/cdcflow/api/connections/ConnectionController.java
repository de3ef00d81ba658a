package io.cdcflow.api.connections;

import io.cdcflow.api.server.Problem;
import io.cdcflow.api.server.RequestBodies;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;

/** HTTP in and out for {@code /api/connections}; the work is {@link ConnectionService}'s. */
public final class ConnectionController {

  private final ConnectionService service;
  private final RequestBodies bodies;

  public ConnectionController(ConnectionService service, RequestBodies bodies) {
    this.service = service;
    this.bodies = bodies;
  }

  @OpenApi(
      path = "/api/connections",
      methods = HttpMethod.GET,
      tags = "connections",
      summary = "List connections",
      responses =
          @OpenApiResponse(
              status = "200",
              content = @OpenApiContent(from = ConnectionView[].class)))
  public void list(Context ctx) {
    ctx.json(service.list());
  }

  @OpenApi(
      path = "/api/connections",
      methods = HttpMethod.POST,
      tags = "connections",
      summary = "Create a connection (the password is encrypted at rest and never returned)",
      requestBody =
          @OpenApiRequestBody(
              content = @OpenApiContent(from = ConnectionRequest.class),
              required = true),
      responses = {
        @OpenApiResponse(status = "201", content = @OpenApiContent(from = ConnectionView.class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void create(Context ctx) {
    ctx.status(201).json(service.create(bodies.read(ctx, ConnectionRequest.class)));
  }

  @OpenApi(
      path = "/api/connections/{id}",
      methods = HttpMethod.GET,
      tags = "connections",
      summary = "Get a connection by id or name",
      pathParams = @OpenApiParam(name = "id", description = "UUID or name", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = ConnectionView.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void get(Context ctx) {
    ctx.json(service.get(service.idOf(ctx.pathParam("id"))));
  }

  @OpenApi(
      path = "/api/connections/{id}",
      methods = HttpMethod.PUT,
      tags = "connections",
      summary = "Update a connection; omit the password to keep the stored one",
      pathParams = @OpenApiParam(name = "id", description = "UUID or name", required = true),
      requestBody =
          @OpenApiRequestBody(
              content = @OpenApiContent(from = ConnectionRequest.class),
              required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = ConnectionView.class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void update(Context ctx) {
    ctx.json(
        service.update(
            service.idOf(ctx.pathParam("id")), bodies.read(ctx, ConnectionRequest.class)));
  }

  @OpenApi(
      path = "/api/connections/{id}",
      methods = HttpMethod.DELETE,
      tags = "connections",
      summary = "Delete a connection no pipeline uses",
      pathParams = @OpenApiParam(name = "id", description = "UUID or name", required = true),
      responses = {
        @OpenApiResponse(status = "204"),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void delete(Context ctx) {
    service.delete(service.idOf(ctx.pathParam("id")));
    ctx.status(204);
  }

  @OpenApi(
      path = "/api/connections/{id}/test",
      methods = HttpMethod.POST,
      tags = "connections",
      summary =
          "Connect now: server version, latency and each CDC prerequisite; recorded in the history",
      pathParams = @OpenApiParam(name = "id", description = "UUID or name", required = true),
      responses = {
        @OpenApiResponse(
            status = "200",
            content = @OpenApiContent(from = ConnectionTestResult.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void test(Context ctx) {
    ctx.json(service.test(service.idOf(ctx.pathParam("id"))));
  }

  @OpenApi(
      path = "/api/connections/test",
      methods = HttpMethod.POST,
      tags = "connections",
      summary = "Test connection settings before saving them (not recorded)",
      requestBody =
          @OpenApiRequestBody(
              content = @OpenApiContent(from = ConnectionRequest.class),
              required = true),
      responses = {
        @OpenApiResponse(
            status = "200",
            content = @OpenApiContent(from = ConnectionTestResult.class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class))
      })
  public void testUnsaved(Context ctx) {
    ctx.json(service.testUnsaved(bodies.read(ctx, ConnectionRequest.class)));
  }

  @OpenApi(
      path = "/api/connections/{id}/test/history",
      methods = HttpMethod.GET,
      tags = "connections",
      summary = "Past tests of a connection, newest first (last 100)",
      pathParams = @OpenApiParam(name = "id", description = "UUID or name", required = true),
      responses = {
        @OpenApiResponse(
            status = "200",
            content = @OpenApiContent(from = ConnectionTestResult[].class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void history(Context ctx) {
    ctx.json(service.history(service.idOf(ctx.pathParam("id"))));
  }
}
