package io.cdcflow.api.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads JSON request bodies, turning every Jackson failure into a 400 that names the field. */
public final class RequestBodies {

  private final ObjectMapper json;

  public RequestBodies(ObjectMapper json) {
    this.json = json;
  }

  public <T> T read(Context ctx, Class<T> type) {
    String body = ctx.body();
    if (body.isBlank()) {
      throw ApiProblem.badRequest("the request needs a JSON body");
    }
    return convert(body, type);
  }

  /** Binds an already parsed tree (a YAML document, an element of a batch) with the same errors. */
  public <T> T convert(com.fasterxml.jackson.databind.JsonNode tree, Class<T> type) {
    try {
      return convert(json.writeValueAsString(tree), type);
    } catch (JsonProcessingException e) {
      throw ApiProblem.badRequest("unreadable document");
    }
  }

  private <T> T convert(String body, Class<T> type) {
    try {
      T value = json.readValue(body, type);
      if (value == null) {
        throw ApiProblem.badRequest("the request body must be a JSON object, not null");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw ApiProblem.invalid(path(e), "unknown field");
    } catch (InvalidFormatException e) {
      String field = path(e);
      String shown = SECRET_FIELD.matcher(field).find() ? "the value" : echo(e.getValue());
      throw ApiProblem.invalid(
          field, "cannot read " + shown + " as " + e.getTargetType().getSimpleName());
    } catch (MismatchedInputException e) {
      throw ApiProblem.invalid(
          path(e).isEmpty() ? "(body)" : path(e),
          "wrong type: " + firstLine(e.getOriginalMessage()));
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      String reason =
          cause instanceof IllegalArgumentException
              ? cause.getMessage()
              : firstLine(e.getOriginalMessage());
      throw ApiProblem.invalid(path(e).isEmpty() ? "(body)" : path(e), reason);
    } catch (JsonProcessingException e) {
      throw ApiProblem.badRequest(
          "the body is not valid JSON: " + firstLine(e.getOriginalMessage()));
    }
  }

  /** Fields whose values are never echoed back in an error, even to their sender. */
  private static final Pattern SECRET_FIELD =
      Pattern.compile("password|secret|token|headers|url", Pattern.CASE_INSENSITIVE);

  private static String echo(Object value) {
    String text = String.valueOf(value);
    return "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable value";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
