package io.cdcflow.api.alerting;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent an alert is; lower case on the wire and in the catalog. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Severity fromId(String id) {
    for (Severity severity : values()) {
      if (severity.id().equalsIgnoreCase(id)) {
        return severity;
      }
    }
    throw new IllegalArgumentException("unknown severity '" + id + "': info, warning or critical");
  }
}
