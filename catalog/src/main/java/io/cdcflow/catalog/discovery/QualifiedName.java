package io.cdcflow.catalog.discovery;

import java.util.Optional;

/**
 * Splits {@code schema.name} text as users write it: the first dot outside double quotes separates
 * the parts, and a part in double quotes may contain dots ({@code "doubled""quotes"} inside).
 * Shared by table names and table patterns so both read the same way.
 */
record QualifiedName(Optional<String> schema, String name) {

  static QualifiedName parse(String text) {
    String trimmed = text.trim();
    boolean quoted = false;
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        return new QualifiedName(
            Optional.of(unquote(trimmed.substring(0, i))), unquote(trimmed.substring(i + 1)));
      }
    }
    return new QualifiedName(Optional.empty(), unquote(trimmed));
  }

  private static String unquote(String part) {
    String p = part.trim();
    if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
      return p.substring(1, p.length() - 1).replace("\"\"", "\"");
    }
    return p;
  }
}
