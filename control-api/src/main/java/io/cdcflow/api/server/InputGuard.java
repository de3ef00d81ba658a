package io.cdcflow.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses, before any handler, input no endpoint accepts and PostgreSQL cannot store: a NUL
 * character in a query parameter or in a request body (raw or as the JSON escape {@code \u0000}).
 */
final class InputGuard implements Handler {

  private final ObjectMapper json;

  InputGuard(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public void handle(Context ctx) {
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      if (hasNul(param.getKey()) || param.getValue().stream().anyMatch(InputGuard::hasNul)) {
        throw ApiProblem.invalid(
            printable(param.getKey()), "query parameters must not contain NUL characters");
      }
    }
    String method = ctx.method().name();
    if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
      String body = ctx.body();
      if (hasNul(body) || body.toLowerCase(Locale.ROOT).contains("\\u0000")) {
        String field = nulField(body);
        if (field != null) {
          throw ApiProblem.invalid(field, "must not contain NUL characters");
        }
        throw ApiProblem.badRequest("the request body must not contain NUL characters");
      }
    }
  }

  /** The JSON path of the first name or string holding a NUL, null when the body is not JSON. */
  private String nulField(String body) {
    try {
      return nulField(json.readTree(body), "");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String nulField(JsonNode node, String path) {
    if (node.isTextual()) {
      return hasNul(node.textValue()) ? (path.isEmpty() ? "body" : path) : null;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = nulField(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String at = (path.isEmpty() ? "" : path + ".") + printable(field.getKey());
      if (hasNul(field.getKey())) {
        return at;
      }
      String found = nulField(field.getValue(), at);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static boolean hasNul(String value) {
    return value != null && value.indexOf('\0') >= 0;
  }

  private static String printable(String name) {
    String clean = name.replace('\0', '?');
    return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
  }
}
