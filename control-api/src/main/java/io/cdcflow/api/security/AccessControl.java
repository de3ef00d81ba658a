package io.cdcflow.api.security;

import io.cdcflow.api.server.ApiProblem;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the bearer token of every request (all of {@code /api}, {@code /metrics}), before any
 * handler runs. Open: {@code GET /api/monitoring/health} (for load balancers and probes), the API
 * description ({@code /docs}, {@code /openapi.json}) and CORS preflights (browsers send them
 * without credentials). A missing or unknown token is a 401 with {@code WWW-Authenticate}; a viewer
 * token on anything but GET or HEAD is a 403.
 */
public final class AccessControl implements Handler {

  public static final String ROLE_ATTRIBUTE = "cdcflow.role";
  private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);
  private static final String REALM = "Bearer realm=\"cdcflow\"";

  private final ApiTokens tokens;

  public AccessControl(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(Context ctx) {
    if (!tokens.enabled() || !isProtected(ctx)) {
      return;
    }
    Optional<String> presented = bearer(ctx.header("Authorization"));
    if (presented.isEmpty()) {
      ctx.header("WWW-Authenticate", REALM);
      throw new ApiProblem(
          401,
          "Unauthorized",
          "this endpoint needs a bearer token: send 'Authorization: Bearer <token>'",
          List.of());
    }
    Optional<Role> role = tokens.roleOf(presented.get());
    if (role.isEmpty()) {
      LOG.debug("rejected an unknown token on {} {} from {}", ctx.method(), ctx.path(), ctx.ip());
      ctx.header(
          "WWW-Authenticate",
          REALM + ", error=\"invalid_token\", error_description=\"the token is not valid\"");
      throw new ApiProblem(401, "Unauthorized", "the bearer token is not valid", List.of());
    }
    String method = ctx.method().name();
    if (!role.get().mayUse(method)) {
      throw new ApiProblem(
          403,
          "Forbidden",
          "a viewer token can only read (GET, HEAD); "
              + method
              + " "
              + ctx.path()
              + " needs an admin token",
          List.of());
    }
    ctx.attribute(ROLE_ATTRIBUTE, role.get());
  }

  /**
   * Everything is protected but an allow-list, so a path the router reads differently (encoded,
   * with a trailing slash, unknown) can only err on the side of asking for a token.
   */
  static boolean isProtected(Context ctx) {
    String method = ctx.method().name();
    if (method.equals("OPTIONS")) {
      return false;
    }
    String path = ctx.path();
    if (method.equals("GET") || method.equals("HEAD")) {
      return !(path.equals("/api/monitoring/health")
          || path.equals("/docs")
          || path.equals("/openapi.json")
          || path.startsWith("/webjars/"));
    }
    return true;
  }

  /** The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive). */
  static Optional<String> bearer(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String value = header.strip();
    if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return Optional.empty();
    }
    String token = value.substring(7).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }
}
