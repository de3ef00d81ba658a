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

/** HTTP in and out for {@code /api/monitoring/alerts}; the work is {@link AlertService}'s. */
public final class AlertController {

  private final AlertService service;
  private final RequestBodies bodies;

  public AlertController(AlertService service, RequestBodies bodies) {
    this.service = service;
    this.bodies = bodies;
  }

  @OpenApi(
      path = "/api/monitoring/alerts",
      methods = HttpMethod.GET,
      tags = "alerting",
      summary = "List alerts, newest first (default: those not resolved)",
      queryParams = {
        @OpenApiParam(
            name = "state",
            description = "open (default), active, acknowledged, resolved or all"),
        @OpenApiParam(name = "pipeline", description = "pipeline name or id"),
        @OpenApiParam(name = "kind", description = "rule kind, e.g. LAG_HIGH"),
        @OpenApiParam(name = "from", description = "fired at or after (ISO-8601)"),
        @OpenApiParam(name = "to", description = "fired before (ISO-8601)"),
        @OpenApiParam(name = "limit", description = "at most this many (default 100, max 1000)")
      },
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = AlertView[].class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class))
      })
  public void list(Context ctx) {
    ctx.json(
        service.list(
            new AlertService.Filter(
                ctx.queryParam("state"),
                ctx.queryParam("pipeline"),
                ctx.queryParam("kind"),
                ctx.queryParam("from"),
                ctx.queryParam("to"),
                ctx.queryParam("limit"))));
  }

  @OpenApi(
      path = "/api/monitoring/alerts/{id}",
      methods = HttpMethod.GET,
      tags = "alerting",
      summary = "An alert with its deliveries and every delivery attempt",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = AlertView.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void get(Context ctx) {
    ctx.json(service.get(ctx.pathParam("id")));
  }

  @OpenApi(
      path = "/api/monitoring/alerts/{id}/acknowledge",
      methods = HttpMethod.POST,
      tags = "alerting",
      summary = "Acknowledge an open alert (it still resolves by itself when its condition clears)",
      pathParams = @OpenApiParam(name = "id", required = true),
      requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = AcknowledgeRequest.class)),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = AlertView.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void acknowledge(Context ctx) {
    AcknowledgeRequest request =
        ctx.body().isBlank() ? null : bodies.read(ctx, AcknowledgeRequest.class);
    ctx.json(service.acknowledge(ctx.pathParam("id"), request));
  }

  @OpenApi(
      path = "/api/monitoring/alerts/{id}/resolve",
      methods = HttpMethod.POST,
      tags = "alerting",
      summary = "Resolve an open alert by hand; its channels get the RESOLVED event",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = AlertView.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void resolve(Context ctx) {
    ctx.json(service.resolve(ctx.pathParam("id")));
  }
}
