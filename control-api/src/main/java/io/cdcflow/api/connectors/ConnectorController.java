package io.cdcflow.api.connectors;

import io.cdcflow.api.pipelines.PipelineStatus;
import io.cdcflow.api.server.Problem;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;

/** HTTP in and out for connectors: each started pipeline's source and sink. */
public final class ConnectorController {

  private final ConnectorService connectors;

  public ConnectorController(ConnectorService connectors) {
    this.connectors = connectors;
  }

  @OpenApi(
      path = "/api/connectors",
      methods = HttpMethod.GET,
      tags = "connectors",
      summary =
          "Source and sink of every started pipeline: state, parallelism, throughput (records/s)",
      responses =
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = ConnectorView[].class)))
  public void list(Context ctx) {
    ctx.json(connectors.list());
  }

  @OpenApi(
      path = "/api/connectors/{name}/status",
      methods = HttpMethod.GET,
      tags = "connectors",
      summary = "A connector's tasks (Flink subtasks), last checkpoint and newest errors",
      pathParams =
          @OpenApiParam(
              name = "name",
              description = "<pipeline>-source or <pipeline>-sink",
              required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = ConnectorStatus.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void status(Context ctx) {
    ctx.json(connectors.status(ctx.pathParam("name")));
  }

  @OpenApi(
      path = "/api/connectors/{name}/restart",
      methods = HttpMethod.POST,
      tags = "connectors",
      summary =
          "Restart the pipeline's job from its newest retained position: stop with a savepoint and"
              + " start when running, recover from the latest checkpoint when FAILED",
      pathParams = @OpenApiParam(name = "name", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = PipelineStatus.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void restart(Context ctx) {
    ctx.json(connectors.restart(ctx.pathParam("name")));
  }
}
