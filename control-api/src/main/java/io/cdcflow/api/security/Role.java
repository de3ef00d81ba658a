package io.cdcflow.api.security;

import java.util.Locale;

/** What a token may do: an admin everything, a viewer only read (GET and HEAD). */
public enum Role {
  ADMIN,
  VIEWER;

  public static Role parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("role must be admin or viewer, got '" + value + "'");
    }
  }

  public boolean mayUse(String method) {
    return this == ADMIN || method.equals("GET") || method.equals("HEAD");
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
