package io.cdcflow.catalog.dialect.mysql;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the labels out of an {@code enum(...)} or {@code set(...)} COLUMN_TYPE. The server prints
 * each label in single quotes with a quote doubled ({@code ''}) and a backslash, newline, carriage
 * return or NUL escaped with a backslash ({@code \\}, {@code \n}, {@code \r}, {@code \0}).
 */
final class MySqlEnumLabels {

  private MySqlEnumLabels() {}

  static List<String> parse(String columnType) {
    int open = columnType.indexOf('(');
    if (open < 0) {
      throw new IllegalArgumentException("not an enum or set type: " + columnType);
    }
    List<String> labels = new ArrayList<>();
    int i = open + 1;
    while (i < columnType.length() && columnType.charAt(i) == '\'') {
      StringBuilder label = new StringBuilder();
      i++;
      while (true) {
        if (i >= columnType.length()) {
          throw new IllegalArgumentException("unterminated label in " + columnType);
        }
        char c = columnType.charAt(i);
        if (c == '\'' && i + 1 < columnType.length() && columnType.charAt(i + 1) == '\'') {
          label.append('\'');
          i += 2;
        } else if (c == '\'') {
          i++;
          break;
        } else if (c == '\\' && i + 1 < columnType.length()) {
          label.append(unescape(columnType.charAt(i + 1)));
          i += 2;
        } else {
          label.append(c);
          i++;
        }
      }
      labels.add(label.toString());
      if (i < columnType.length() && columnType.charAt(i) == ',') {
        i++;
      }
    }
    if (i >= columnType.length() || columnType.charAt(i) != ')') {
      throw new IllegalArgumentException("cannot read the labels of " + columnType);
    }
    return labels;
  }

  private static char unescape(char escaped) {
    return switch (escaped) {
      case '0' -> '\0';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'b' -> '\b';
      case 'Z' -> '\u001a';
      default -> escaped;
    };
  }
}
