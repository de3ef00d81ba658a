package io.cdcflow.catalog.connection;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to open a JDBC connection to one database. The password is plain here: this
 * object lives only in memory (and, encrypted, in job arguments); {@link #toString()} never shows
 * it.
 */
public record ConnectionConfig(
    DatabaseType type,
    String host,
    int port,
    String database,
    String username,
    String password,
    Map<String, String> properties)
    implements Serializable {

  public ConnectionConfig {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(host, "host");
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    password = password == null ? "" : password;
  }

  /** The same connection with these driver properties over its own. */
  public ConnectionConfig withProperties(Map<String, String> overrides) {
    Map<String, String> merged = new java.util.HashMap<>(properties);
    merged.putAll(overrides);
    return new ConnectionConfig(type, host, port, database, username, password, merged);
  }

  public ConnectionConfig withDatabase(String otherDatabase) {
    return new ConnectionConfig(type, host, port, otherDatabase, username, password, properties);
  }

  @Override
  public String toString() {
    return type.id()
        + "://"
        + username
        + "@"
        + host
        + ":"
        + port
        + "/"
        + (database == null ? "" : database);
  }
}
