package io.cdcflow.api.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.validation.ValidationException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every failure to {@code application/problem+json}. Client mistakes get their 4xx with the
 * reason; anything unexpected is logged and answered with a generic 500 that echoes nothing
 * internal.
 */
public final class ProblemResponses {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

  private final ObjectMapper json;

  public ProblemResponses(ObjectMapper json) {
    this.json = json;
  }

  public void register(Javalin app) {
    app.exception(
        ApiProblem.class,
        (e, ctx) -> write(ctx, e.status(), e.title(), e.getMessage(), e.fields()));
    app.exception(
        ValidationException.class,
        (e, ctx) ->
            write(
                ctx,
                400,
                "Invalid request",
                "invalid parameters: " + String.join(", ", e.getErrors().keySet()),
                e.getErrors().entrySet().stream()
                    .map(
                        err ->
                            new ApiProblem.FieldError(
                                err.getKey(), err.getValue().get(0).getMessage()))
                    .toList()));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> write(ctx, e.getStatus(), titleFor(e.getStatus()), e.getMessage(), List.of()));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
          write(ctx, 500, "Internal error", "the server failed to answer; see its log", List.of());
        });
    app.error(
        404,
        ctx -> {
          if (!isProblem(ctx)) {
            write(
                ctx,
                404,
                "Not found",
                "no resource at " + ctx.method() + " " + ctx.path(),
                List.of());
          }
        });
    app.error(
        405,
        ctx -> {
          if (!isProblem(ctx)) {
            write(
                ctx,
                405,
                "Method not allowed",
                ctx.method() + " is not allowed on " + ctx.path(),
                List.of());
          }
        });
  }

  private static boolean isProblem(Context ctx) {
    String type = ctx.res().getContentType();
    return type != null && type.startsWith(CONTENT_TYPE);
  }

  private void write(
      Context ctx, int status, String title, String detail, List<ApiProblem.FieldError> fields) {
    Problem problem =
        new Problem(
            "https://cdcflow.io/problems/" + title.toLowerCase(Locale.ROOT).replace(' ', '-'),
            title,
            status,
            detail,
            ctx.path(),
            fields);
    try {
      ctx.status(status).contentType(CONTENT_TYPE).result(json.writeValueAsString(problem));
    } catch (JsonProcessingException e) {
      ctx.status(status).contentType(CONTENT_TYPE).result("{\"status\":" + status + "}");
    }
  }

  private static String titleFor(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 409 -> "Conflict";
      case 413 -> "Payload too large";
      case 415 -> "Unsupported media type";
      default -> status >= 500 ? "Internal error" : "Request failed";
    };
  }
}
