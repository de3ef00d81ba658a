package io.cdcflow.api.pipelines;

import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.api.server.Problem;
import io.cdcflow.api.server.RequestBodies;
import io.cdcflow.catalog.pipeline.PipelineDefinition;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.util.List;
import java.util.UUID;

/** HTTP in and out for {@code /api/pipelines}. */
public final class PipelineController {

  private final PipelineService service;
  private final PipelineChecks checks;
  private final BatchApply batch;
  private final TableSelectionChange selection;
  private final DefinitionReader definitions;
  private final RequestBodies bodies;

  public PipelineController(
      PipelineService service,
      PipelineChecks checks,
      BatchApply batch,
      TableSelectionChange selection,
      DefinitionReader definitions,
      RequestBodies bodies) {
    this.service = service;
    this.checks = checks;
    this.batch = batch;
    this.selection = selection;
    this.definitions = definitions;
    this.bodies = bodies;
  }

  @OpenApi(
      path = "/api/pipelines",
      methods = HttpMethod.GET,
      tags = "pipelines",
      summary = "List pipelines",
      responses =
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = PipelineView[].class)))
  public void list(Context ctx) {
    ctx.json(service.list());
  }

  @OpenApi(
      path = "/api/pipelines",
      methods = HttpMethod.POST,
      tags = "pipelines",
      summary =
          "Create a pipeline from a definition (JSON, or YAML with Content-Type application/yaml)",
      requestBody =
          @OpenApiRequestBody(
              content = {
                @OpenApiContent(from = PipelineDefinition.class),
                @OpenApiContent(from = PipelineDefinition.class, mimeType = "application/yaml")
              },
              required = true),
      responses = {
        @OpenApiResponse(status = "201", content = @OpenApiContent(from = PipelineView.class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "422", content = @OpenApiContent(from = Problem.class))
      })
  public void create(Context ctx) {
    ctx.status(201).json(service.create(definitions.one(ctx)));
  }

  @OpenApi(
      path = "/api/pipelines/batch",
      methods = HttpMethod.POST,
      tags = "pipelines",
      summary =
          "Create or update many pipelines by name; all are checked before any changes (idempotent)",
      requestBody =
          @OpenApiRequestBody(
              content = {
                @OpenApiContent(from = PipelineDefinition[].class),
                @OpenApiContent(from = PipelineDefinition[].class, mimeType = "application/yaml")
              },
              required = true),
      responses = {
        @OpenApiResponse(
            status = "200",
            content = @OpenApiContent(from = BatchApply.Outcome[].class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class))
      })
  public void batch(Context ctx) {
    ctx.json(batch.apply(definitions.many(ctx), "true".equalsIgnoreCase(ctx.queryParam("start"))));
  }

  @OpenApi(
      path = "/api/pipelines/{id}",
      methods = HttpMethod.GET,
      tags = "pipelines",
      summary = "Get a pipeline by id or name",
      pathParams = @OpenApiParam(name = "id", description = "UUID or name", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = PipelineView.class)),
        @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class))
      })
  public void get(Context ctx) {
    ctx.json(service.get(id(ctx)));
  }

  @OpenApi(
      path = "/api/pipelines/{id}",
      methods = HttpMethod.PUT,
      tags = "pipelines",
      summary = "Replace the definition of a pipeline that is not running",
      pathParams = @OpenApiParam(name = "id", description = "UUID or name", required = true),
      requestBody =
          @OpenApiRequestBody(
              content = @OpenApiContent(from = PipelineDefinition.class),
              required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = PipelineView.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void update(Context ctx) {
    ctx.json(service.update(id(ctx), definitions.one(ctx)));
  }

  @OpenApi(
      path = "/api/pipelines/{id}/tables/preview",
      methods = HttpMethod.GET,
      tags = "pipelines",
      summary =
          "The tables the definition selects on the live source, with the target name and key of each",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses =
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = TablePlan[].class)))
  public void preview(Context ctx) {
    ctx.json(service.preview(id(ctx)));
  }

  @OpenApi(
      path = "/api/pipelines/{id}/tables/mapping",
      methods = HttpMethod.GET,
      tags = "pipelines",
      summary = "Source to target table mapping in force",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses =
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = TablePlan[].class)))
  public void mapping(Context ctx) {
    ctx.json(service.mapping(id(ctx)));
  }

  @OpenApi(
      path = "/api/pipelines/{id}/tables/select",
      methods = HttpMethod.POST,
      tags = "pipelines",
      summary =
          "Select tables explicitly (replaces the patterns until cleared with an empty list); a"
              + " streaming pipeline resumes at once with them, copying the tables added while the"
              + " others stream",
      pathParams = @OpenApiParam(name = "id", required = true),
      requestBody =
          @OpenApiRequestBody(
              content = @OpenApiContent(from = TableSelectionRequest.class),
              required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = TablePlan[].class)),
        @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class)),
        @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class))
      })
  public void select(Context ctx) {
    TableSelectionRequest request = bodies.read(ctx, TableSelectionRequest.class);
    if (request.tables() == null) {
      throw ApiProblem.invalid(
          "tables", "required: a list of schema.table names (empty to go back to the patterns)");
    }
    ctx.json(selection.select(id(ctx), request.tables()));
  }

  @OpenApi(
      path = "/api/pipelines/{id}/validate",
      methods = HttpMethod.POST,
      tags = "pipelines",
      summary =
          "Check the pipeline against the live databases: tables, keys, target tables, CDC prerequisites",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses = {
        @OpenApiResponse(status = "200", content = @OpenApiContent(from = ValidationReport.class)),
        @OpenApiResponse(status = "422", content = @OpenApiContent(from = Problem.class))
      })
  public void validate(Context ctx) {
    ctx.json(checks.validate(id(ctx)));
  }

  @OpenApi(
      path = "/api/pipelines/{id}/schema/diff",
      methods = HttpMethod.GET,
      tags = "pipelines",
      summary =
          "Source versus target per table and column: missing, extra, type mismatch, key mismatch",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses =
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = SchemaDiff[].class)))
  public void diff(Context ctx) {
    ctx.json(checks.diff(id(ctx)));
  }

  @OpenApi(
      path = "/api/pipelines/{id}/schema/create",
      methods = HttpMethod.POST,
      tags = "pipelines",
      summary = "Create the missing target schemas, tables and columns now (idempotent)",
      pathParams = @OpenApiParam(name = "id", required = true),
      responses =
          @OpenApiResponse(status = "200", content = @OpenApiContent(from = SchemaActions.class)))
  public void createSchema(Context ctx) {
    ctx.json(new SchemaActions(checks.createTargetSchema(id(ctx))));
  }

  /** What schema/create changed, one line per change; empty when everything existed. */
  public record SchemaActions(List<String> actions) {}

  private UUID id(Context ctx) {
    return service.idOf(ctx.pathParam("id"));
  }

  /** Body of {@code tables/select}. */
  public record TableSelectionRequest(List<String> tables) {}
}
