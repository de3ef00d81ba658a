package io.cdcflow.api.connections;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.store.ConnectionRow;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** A connection as the API shows it: never the password, only whether one is set. */
public record ConnectionView(
    UUID id,
    String name,
    DatabaseType type,
    String host,
    int port,
    String database,
    String username,
    boolean hasPassword,
    Map<String, String> properties,
    Instant createdAt,
    Instant updatedAt) {

  static ConnectionView of(ConnectionRow row) {
    Map<String, String> shown = new LinkedHashMap<>();
    row.properties().forEach((key, value) -> shown.put(key, looksSecret(key) ? "********" : value));
    return new ConnectionView(
        row.id(),
        row.name(),
        row.type(),
        row.host(),
        row.port(),
        row.database(),
        row.username(),
        row.passwordEncrypted() != null,
        shown,
        row.createdAt(),
        row.updatedAt());
  }

  /** Driver properties such as sslpassword carry secrets too. */
  static boolean looksSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.contains("token")
        || k.endsWith("key");
  }
}
