package io.cdcflow.api.verification;

import io.cdcflow.api.pipelines.PipelineService;
import io.cdcflow.api.pipelines.ResnapshotView;
import io.cdcflow.api.server.Problem;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;

/** HTTP in and out for the continuous verifier: its findings, and their repair. */
public final class VerificationController {

  private final VerificationService verification;
  private final PipelineService pipelines;

  public VerificationController(VerificationService verification, PipelineService pipelines) {
    this.verification = verification;
    this.pipelines = pipelines;
  }

  @OpenApi(
      path = "/api/pipelines/{id}/verification",
      methods = HttpMethod.GET,
      tags = "pipelines",
      summary =
          "What the continuous verifier found: key ranges whose target rows still differed from the"
              + " source after the lag had passed, with their keys; its round and its pace",
      pathParams = @OpenApiParam(name = "id", description = "UUID or name", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = VerificationView.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void view(Context ctx) {
    ctx.json(verification.view(pipelines.idOf(ctx.pathParam("id"))));
  }

  @OpenApi(
      path = "/api/pipelines/{id}/repair",
      methods = HttpMethod.POST,
      tags = "pipelines",
      summary =
          "Repair what the verifier found: every table with an open finding is copied again while"
              + " the pipeline streams; the findings resolve once their ranges match",
      pathParams = @OpenApiParam(name = "id", description = "UUID or name", required = true),
      responses = {
        @OpenApiResponse(status = "202", content = @OpenApiContent(from = ResnapshotView[].class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void repair(Context ctx) {
    ctx.status(202).json(verification.repair(pipelines.idOf(ctx.pathParam("id"))));
  }
}
