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
 * HTTP in and out for {@code /api/monitoring/alert-rules}; the work is {@link AlertRuleService}'s.
 */
public final class AlertRuleController {

  private final AlertRuleService service;
  private final RequestBodies bodies;

  public AlertRuleController(AlertRuleService service, RequestBodies bodies) {
    this.service = service;
    this.bodies = bodies;
  }

  @OpenApi(
      path = "/api/monitoring/alert-rules",
      methods = HttpMethod.GET,
      tags = "alerting",
      summary = "List stored alert rules (overrides of the built-in defaults)",
      responses =
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = AlertRuleView[].class)))
  public void list(Context ctx) {
    ctx.json(service.list());
  }

  @OpenApi(
      path = "/api/monitoring/alert-rules",
      methods = HttpMethod.POST,
      tags = "alerting",
      summary =
          "Create a rule for all pipelines (no pipeline) or one; omitted settings take the kind's"
              + " defaults",
      requestBody =
          @OpenApiRequestBody(
              content = @OpenApiContent(from = AlertRuleRequest.class),
              required = true),
      responses = {
        @OpenApiResponse(status = "201", content = @OpenApiContent(from = AlertRuleView.class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void create(Context ctx) {
    ctx.status(201).json(service.create(bodies.read(ctx, AlertRuleRequest.class)));
  }

  @OpenApi(
      path = "/api/monitoring/alert-rules/effective",
      methods = HttpMethod.GET,
      tags = "alerting",
      summary = "The rules that apply to a pipeline: its own, else all pipelines', else built-in",
      queryParams = @OpenApiParam(name = "pipeline", description = "name or id", required = true),
      responses = {
        @OpenApiResponse(
            status = "200",
            content = @OpenApiContent(from = EffectiveRuleView[].class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void effective(Context ctx) {
    ctx.json(service.effective(ctx.queryParam("pipeline")));
  }

  @OpenApi(
      path = "/api/monitoring/alert-rules/{id}",
      methods = HttpMethod.GET,
      tags = "alerting",
      summary = "Get a rule",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = AlertRuleView.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void get(Context ctx) {
    ctx.json(service.get(ctx.pathParam("id")));
  }

  @OpenApi(
      path = "/api/monitoring/alert-rules/{id}",
      methods = HttpMethod.PUT,
      tags = "alerting",
      summary = "Replace a rule's settings and channels",
      pathParams = @OpenApiParam(name = "id", required = true),
      requestBody =
          @OpenApiRequestBody(
              content = @OpenApiContent(from = AlertRuleRequest.class),
              required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = AlertRuleView.class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void update(Context ctx) {
    ctx.json(service.update(ctx.pathParam("id"), bodies.read(ctx, AlertRuleRequest.class)));
  }

  @OpenApi(
      path = "/api/monitoring/alert-rules/{id}",
      methods = HttpMethod.DELETE,
      tags = "alerting",
      summary = "Delete a rule (the next one in line applies again)",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses = {
        @OpenApiResponse(status = "204"),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void delete(Context ctx) {
    service.delete(ctx.pathParam("id"));
    ctx.status(204);
  }
}
