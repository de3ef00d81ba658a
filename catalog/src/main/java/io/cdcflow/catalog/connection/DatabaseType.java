package io.cdcflow.catalog.connection;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** The kinds of database cdcflow reads from and writes to. MySQL covers MariaDB. */
public enum DatabaseType {
  POSTGRES("postgres", 5432),
  MYSQL("mysql", 3306);

  private final String id;
  private final int defaultPort;

  DatabaseType(String id, int defaultPort) {
    this.id = id;
    this.defaultPort = defaultPort;
  }

  @JsonValue
  public String id() {
    return id;
  }

  public int defaultPort() {
    return defaultPort;
  }

  /** Accepts the ids and a few spellings users type ("postgresql", "mariadb"). */
  @JsonCreator
  public static DatabaseType fromId(String value) {
    if (value == null) {
      throw new IllegalArgumentException("database type is required");
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "postgres", "postgresql", "pg" -> POSTGRES;
      case "mysql", "mariadb" -> MYSQL;
      default ->
          throw new IllegalArgumentException(
              "unknown database type '"
                  + value
                  + "', expected one of "
                  + Arrays.stream(values()).map(DatabaseType::id).toList());
    };
  }
}
