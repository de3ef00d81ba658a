package io.cdcflow.api.alerting;

import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.api.server.ApiProblem.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An alert channel as a client sends it (create or full update). Masked header values and a masked
 * URL sent back unchanged on update keep the stored ones.
 *
 * @param kind log, webhook or slack
 * @param url required for webhook and slack: http or https
 * @param isDefault the channel receives every alert, whatever rule fired it
 */
public record AlertChannelRequest(
    String name,
    String kind,
    String url,
    Map<String, String> headers,
    Boolean enabled,
    Boolean isDefault) {

  static final Set<String> KINDS = Set.of("log", "webhook", "slack");
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");
  private static final Set<String> RESERVED_HEADERS =
      Set.of("content-type", "content-length", "host", "connection", "user-agent");

  public AlertChannelRequest {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  String kindId() {
    return kind.trim().toLowerCase(Locale.ROOT);
  }

  boolean posts() {
    return !"log".equals(kindId());
  }

  /** Every problem at once. */
  void validate() {
    List<FieldError> errors = new ArrayList<>();
    if (name == null || name.isBlank()) {
      errors.add(new FieldError("name", "required"));
    } else if (name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
      errors.add(new FieldError("name", "at most 100 characters, no control characters"));
    }
    if (kind == null || !KINDS.contains(kindId())) {
      errors.add(new FieldError("kind", "required: log, webhook or slack"));
    } else if (posts()) {
      String reason = urlProblem(url);
      if (reason != null) {
        errors.add(new FieldError("url", reason));
      }
    } else if (url != null || !headers.isEmpty()) {
      errors.add(new FieldError(url != null ? "url" : "headers", "a log channel takes none"));
    }
    if (headers.size() > 20) {
      errors.add(new FieldError("headers", "at most 20 headers"));
    }
    headers.forEach(
        (header, value) -> {
          if (!HEADER_NAME.matcher(header).matches()
              || RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
            errors.add(
                new FieldError(
                    "headers." + header,
                    "not a header name a channel may set (token characters; not Content-Type,"
                        + " Host, ...)"));
          } else if (value == null
              || value.length() > 2000
              || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            errors.add(
                new FieldError(
                    "headers." + header, "a value of at most 2000 characters on one line"));
          }
        });
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
  }

  private static String urlProblem(String url) {
    if (url == null || url.isBlank()) {
      return "required for webhook and slack channels";
    }
    try {
      URI uri = new URI(url.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return "must be an http or https URL";
      }
      if (uri.getHost() == null || uri.getHost().isBlank()) {
        return "must name a host";
      }
      if (uri.getUserInfo() != null) {
        return "must not carry credentials; use an Authorization header";
      }
      return url.length() > 2000 ? "at most 2000 characters" : null;
    } catch (URISyntaxException e) {
      return "not a valid URL: " + e.getReason();
    }
  }
}
