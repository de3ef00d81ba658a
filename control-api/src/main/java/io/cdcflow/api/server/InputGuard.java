package io.cdcflow.api.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses, before any handler, input no endpoint accepts and PostgreSQL cannot store: a NUL
 * character in a query parameter or in a request body (raw or as the JSON escape {@code \u0000}).
 */
final class InputGuard implements Handler {

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
        throw ApiProblem.badRequest("the request body must not contain NUL characters");
      }
    }
  }

  private static boolean hasNul(String value) {
    return value != null && value.indexOf('\0') >= 0;
  }

  private static String printable(String name) {
    String clean = name.replace('\0', '?');
    return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
  }
}
