package io.cdcflow.api.pipelines;

import io.cdcflow.api.server.Problem;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import java.util.UUID;

/** HTTP in and out for running pipelines: start, stop, status, recover, delete. */
public final class LifecycleController {

  private final PipelineLifecycle lifecycle;
  private final PipelineService pipelines;
  private final TableResnapshots resnapshots;

  public LifecycleController(
      PipelineLifecycle lifecycle, PipelineService pipelines, TableResnapshots resnapshots) {
    this.lifecycle = lifecycle;
    this.pipelines = pipelines;
    this.resnapshots = resnapshots;
  }

  @OpenApi(
      path = "/api/pipelines/{id}/start",
      methods = HttpMethod.POST,
      tags = "pipelines",
      summary =
          "Validate, compile, create target tables when asked, and submit the job; resumes from the last savepoint or retained checkpoint",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = PipelineStatus.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "502", content = @OpenApiContent(from = Problem.class))
      })
  public void start(Context ctx) {
    ctx.json(lifecycle.start(id(ctx)));
  }

  @OpenApi(
      path = "/api/pipelines/{id}/stop",
      methods = HttpMethod.POST,
      tags = "pipelines",
      summary = "Stop the job with a savepoint; the next start continues from it",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = PipelineStatus.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void stop(Context ctx) {
    ctx.json(lifecycle.stop(id(ctx)));
  }

  @OpenApi(
      path = "/api/pipelines/{id}/status",
      methods = HttpMethod.GET,
      tags = "pipelines",
      summary = "State, Flink job, snapshot progress, last checkpoint and run history",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses =
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = PipelineStatus.class)))
  public void status(Context ctx) {
    ctx.json(lifecycle.status(id(ctx)));
  }

  @OpenApi(
      path = "/api/pipelines/{id}/tables/{table}/resnapshot",
      methods = HttpMethod.POST,
      tags = "pipelines",
      summary =
          "Copy one table of a streaming pipeline again inside its running job, while the other tables keep streaming; target rows the source no longer has are removed",
      pathParams = {
        @OpenApiParam(name = "id", required = true),
        @OpenApiParam(
            name = "table",
            description = "source table as schema.table, or its name when unique",
            required = true)
      },
      responses = {
        @OpenApiResponse(status = "202", content = @OpenApiContent(from = ResnapshotView.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void resnapshot(Context ctx) {
    ctx.status(202).json(resnapshots.request(id(ctx), ctx.pathParam("table")));
  }

  @OpenApi(
      path = "/api/pipelines/{id}/resnapshot",
      methods = HttpMethod.POST,
      tags = "pipelines",
      summary =
          "Start a stopped or failed pipeline afresh: its replication slot is made again, its target tables emptied, every table copied again, then it streams; no earlier savepoint or checkpoint is used. The way out of a gap in the change log.",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = PipelineStatus.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "502", content = @OpenApiContent(from = Problem.class))
      })
  public void resnapshotAll(Context ctx) {
    ctx.json(lifecycle.resnapshot(id(ctx)));
  }

  @OpenApi(
      path = "/api/pipelines/{id}/resnapshots",
      methods = HttpMethod.GET,
      tags = "pipelines",
      summary = "The tables copied again by the pipeline's running job, with their progress",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses =
          @OpenApiResponse(
              status = "200",
              content = @OpenApiContent(from = ResnapshotView[].class)))
  public void resnapshots(Context ctx) {
    ctx.json(resnapshots.list(id(ctx)));
  }

  @OpenApi(
      path = "/api/pipelines/{id}/recover",
      methods = HttpMethod.POST,
      tags = "pipelines",
      summary = "Resubmit a FAILED pipeline from its latest retained checkpoint",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = PipelineStatus.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void recover(Context ctx) {
    ctx.json(lifecycle.recover(id(ctx)));
  }

  @OpenApi(
      path = "/api/pipelines/{id}",
      methods = HttpMethod.DELETE,
      tags = "pipelines",
      summary =
          "Delete a pipeline: cancels its job, drops its replication slot and publication; target data is kept unless drop_target=true",
      pathParams = @OpenApiParam(name = "id", description = "UUID or name", required = true),
      queryParams =
          @OpenApiParam(
              name = "drop_target",
              type = Boolean.class,
              description = "also drop the target tables"),
      responses = {
        @OpenApiResponse(status = "204"),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "422", content = @OpenApiContent(from = Problem.class))
      })
  public void delete(Context ctx) {
    boolean dropTarget = "true".equalsIgnoreCase(ctx.queryParam("drop_target"));
    lifecycle.delete(id(ctx), dropTarget);
    ctx.status(204);
  }

  private UUID id(Context ctx) {
    return pipelines.idOf(ctx.pathParam("id"));
  }
}
