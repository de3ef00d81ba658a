package io.cdcflow.api.alerting;

import io.cdcflow.api.server.Problem;
import io.cdcflow.api.server.RequestBodies;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;

/**
 * HTTP in and out for {@code /api/monitoring/alert-channels}; the work is {@link
 * AlertChannelService}'s.
 */
public final class AlertChannelController {

  private final AlertChannelService service;
  private final RequestBodies bodies;

  public AlertChannelController(AlertChannelService service, RequestBodies bodies) {
    this.service = service;
    this.bodies = bodies;
  }

  @OpenApi(
      path = "/api/monitoring/alert-channels",
      methods = HttpMethod.GET,
      tags = "alerting",
      summary = "List alert channels (secret header values and URL parts masked)",
      responses =
          @OpenApiResponse(
              status = "200",
              content = @OpenApiContent(from = AlertChannelView[].class)))
  public void list(Context ctx) {
    ctx.json(service.list());
  }

  @OpenApi(
      path = "/api/monitoring/alert-channels",
      methods = HttpMethod.POST,
      tags = "alerting",
      summary = "Create a log, webhook or Slack channel",
      requestBody =
          @OpenApiRequestBody(
              content = @OpenApiContent(from = AlertChannelRequest.class),
              required = true),
      responses = {
        @OpenApiResponse(status = "201", content = @OpenApiContent(from = AlertChannelView.class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void create(Context ctx) {
    ctx.status(201).json(service.create(bodies.read(ctx, AlertChannelRequest.class)));
  }

  @OpenApi(
      path = "/api/monitoring/alert-channels/{id}",
      methods = HttpMethod.GET,
      tags = "alerting",
      summary = "Get a channel by id or name",
      pathParams = @OpenApiParam(name = "id", description = "UUID or name", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = AlertChannelView.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void get(Context ctx) {
    ctx.json(service.get(ctx.pathParam("id")));
  }

  @OpenApi(
      path = "/api/monitoring/alert-channels/{id}",
      methods = HttpMethod.PUT,
      tags = "alerting",
      summary = "Replace a channel; masked values sent back unchanged keep the stored secrets",
      pathParams = @OpenApiParam(name = "id", description = "UUID or name", required = true),
      requestBody =
          @OpenApiRequestBody(
              content = @OpenApiContent(from = AlertChannelRequest.class),
              required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = AlertChannelView.class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void update(Context ctx) {
    ctx.json(service.update(ctx.pathParam("id"), bodies.read(ctx, AlertChannelRequest.class)));
  }

  @OpenApi(
      path = "/api/monitoring/alert-channels/{id}",
      methods = HttpMethod.DELETE,
      tags = "alerting",
      summary = "Delete a channel (unlinked from rules, its deliveries dropped)",
      pathParams = @OpenApiParam(name = "id", description = "UUID or name", required = true),
      responses = {
        @OpenApiResponse(status = "204"),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void delete(Context ctx) {
    service.delete(ctx.pathParam("id"));
    ctx.status(204);
  }

  @OpenApi(
      path = "/api/monitoring/alert-channels/{id}/test",
      methods = HttpMethod.POST,
      tags = "alerting",
      summary = "Send a test message now and report the outcome (not recorded)",
      pathParams = @OpenApiParam(name = "id", description = "UUID or name", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = ChannelTestResult.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void test(Context ctx) {
    ctx.json(service.test(ctx.pathParam("id")));
  }
}
