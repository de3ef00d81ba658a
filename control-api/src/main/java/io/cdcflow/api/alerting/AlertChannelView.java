package io.cdcflow.api.alerting;

import io.cdcflow.catalog.store.AlertChannelRow;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A channel as the API shows it: secret-looking header values masked, and the secret parts of URLs
 * (a Slack webhook's path, any query string) masked too.
 */
public record AlertChannelView(
    UUID id,
    String name,
    String kind,
    String url,
    Map<String, String> headers,
    boolean enabled,
    boolean isDefault,
    Instant createdAt) {

  static AlertChannelView of(AlertChannelRow row) {
    ChannelSettings settings = ChannelSettings.parse(row.configJson());
    return new AlertChannelView(
        row.id(),
        row.name(),
        row.kind(),
        maskedUrl(row.kind(), settings.url()),
        settings.maskedHeaders(),
        row.enabled(),
        row.isDefault(),
        row.createdAt());
  }

  static String maskedUrl(String kind, String url) {
    if (url == null) {
      return null;
    }
    URI uri = URI.create(url);
    String base = uri.getScheme() + "://" + uri.getRawAuthority();
    if ("slack".equals(kind)) {
      return base + "/" + ChannelSettings.MASK;
    }
    return uri.getRawQuery() == null
        ? url
        : base + (uri.getRawPath() == null ? "" : uri.getRawPath()) + "?" + ChannelSettings.MASK;
  }
}
