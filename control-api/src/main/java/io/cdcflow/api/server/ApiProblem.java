package io.cdcflow.api.server;

import java.util.List;

/**
 * An error answer a client can act on, rendered as {@code application/problem+json} by {@link
 * ProblemResponses}. Services throw it; they know nothing of Javalin.
 */
public class ApiProblem extends RuntimeException {

  private final int status;
  private final String title;
  private final List<FieldError> fields;

  public ApiProblem(int status, String title, String detail, List<FieldError> fields) {
    super(detail);
    this.status = status;
    this.title = title;
    this.fields = fields == null ? List.of() : List.copyOf(fields);
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(400, "Bad request", detail, List.of());
  }

  public static ApiProblem invalid(List<FieldError> fields) {
    String detail =
        fields.size() == 1
            ? fields.get(0).field() + ": " + fields.get(0).reason()
            : fields.size() + " fields are invalid";
    return new ApiProblem(400, "Invalid request", detail, fields);
  }

  public static ApiProblem invalid(String field, String reason) {
    return invalid(List.of(new FieldError(field, reason)));
  }

  public static ApiProblem notFound(String what, Object id) {
    return new ApiProblem(404, "Not found", what + " '" + id + "' does not exist", List.of());
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(409, "Conflict", detail, List.of());
  }

  /** The request was understood but a database it names could not be used. */
  public static ApiProblem databaseUnavailable(String detail) {
    return new ApiProblem(422, "Database unavailable", detail, List.of());
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldError> fields() {
    return fields;
  }

  /** One invalid field: a JSON path such as {@code port} or {@code tables[2].name}, and why. */
  public record FieldError(String field, String reason) {}
}
