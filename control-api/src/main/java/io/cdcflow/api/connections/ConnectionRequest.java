package io.cdcflow.api.connections;

import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.api.server.ApiProblem.FieldError;
import io.cdcflow.catalog.connection.DatabaseType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A connection as a client sends it (create, update, or test before saving). On update a missing
 * password keeps the stored one.
 */
public record ConnectionRequest(
    String name,
    DatabaseType type,
    String host,
    Integer port,
    String database,
    String username,
    String password,
    Map<String, String> properties) {

  private static final Pattern PROPERTY_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
  private static final Set<String> RESERVED_PROPERTIES = Set.of("user", "password");
  private static final int MAX_PROPERTIES = 50;

  public ConnectionRequest {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  public int portOrDefault() {
    return port != null ? port : type.defaultPort();
  }

  /** Every problem at once, so a form can mark all its bad fields. */
  public void validate(boolean nameRequired) {
    List<FieldError> errors = new ArrayList<>();
    if (nameRequired || name != null) {
      text(errors, "name", name, 100, true);
    }
    if (type == null) {
      errors.add(new FieldError("type", "required: postgres or mysql"));
    }
    text(errors, "host", host, 255, true);
    if (host != null
        && host.chars()
            .anyMatch(
                c -> Character.isWhitespace(c) || c == '/' || c == '?' || c == '#' || c == '@')) {
      errors.add(
          new FieldError(
              "host", "must be a host name or IP address without spaces, '/', '?', '#' or '@'"));
    }
    if (port != null && (port < 1 || port > 65535)) {
      errors.add(new FieldError("port", "must be between 1 and 65535"));
    }
    if (database != null) {
      text(errors, "database", database, 128, type == DatabaseType.POSTGRES);
    } else if (type == DatabaseType.POSTGRES) {
      errors.add(new FieldError("database", "required for PostgreSQL"));
    }
    text(errors, "username", username, 128, true);
    if (password != null && password.length() > 1024) {
      errors.add(new FieldError("password", "at most 1024 characters"));
    }
    if (properties.size() > MAX_PROPERTIES) {
      errors.add(new FieldError("properties", "at most " + MAX_PROPERTIES + " entries"));
    }
    properties.forEach(
        (key, value) -> {
          if (!PROPERTY_KEY.matcher(key).matches()) {
            errors.add(
                new FieldError(
                    "properties." + key, "keys are letters, digits, '_', '.', '-' (max 64)"));
          } else if (RESERVED_PROPERTIES.contains(key.toLowerCase())) {
            errors.add(
                new FieldError("properties." + key, "set it with the username/password fields"));
          } else if (value == null || value.length() > 1000) {
            errors.add(
                new FieldError(
                    "properties." + key, "a value of at most 1000 characters is required"));
          }
        });
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
  }

  private static void text(
      List<FieldError> errors, String field, String value, int max, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        errors.add(new FieldError(field, "required"));
      }
      return;
    }
    if (value.length() > max) {
      errors.add(new FieldError(field, "at most " + max + " characters"));
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      errors.add(new FieldError(field, "must not contain control characters"));
    }
  }
}
