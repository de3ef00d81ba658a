package io.cdcflow.catalog.store;

import io.cdcflow.catalog.connection.DatabaseType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A stored connection; the password only in its encrypted form. */
public record ConnectionRow(
    UUID id,
    String name,
    DatabaseType type,
    String host,
    int port,
    String database,
    String username,
    byte[] passwordEncrypted,
    Map<String, String> properties,
    Instant createdAt,
    Instant updatedAt) {

  public ConnectionRow {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }
}
