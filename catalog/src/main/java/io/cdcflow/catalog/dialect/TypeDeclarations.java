package io.cdcflow.catalog.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small lexical helpers shared by the dialects' type parsers. */
public final class TypeDeclarations {

  private TypeDeclarations() {}

  /** Lower case, trimmed, runs of white space collapsed to one blank. */
  public static String normalise(String text) {
    return text == null ? "" : text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /**
   * Splits the text inside the first top-level parentheses by commas outside quotes; returns the
   * arguments and the text with that parenthesised part removed (spaces collapsed).
   */
  public static Split splitArgs(String text) {
    int open = -1;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (c == '(' && !quoted) {
        open = i;
        break;
      }
    }
    if (open < 0) {
      return new Split(text.trim(), List.of());
    }
    List<String> args = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    quoted = false;
    int close = -1;
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        // a doubled quote inside a quoted label stays part of it
        if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          current.append("''");
          i++;
          continue;
        }
        quoted = !quoted;
        current.append(c);
      } else if (!quoted && c == ',') {
        args.add(current.toString().trim());
        current.setLength(0);
      } else if (!quoted && c == ')') {
        close = i;
        break;
      } else {
        current.append(c);
      }
    }
    if (close < 0) {
      throw new IllegalArgumentException("unbalanced parentheses in type '" + text + "'");
    }
    args.add(current.toString().trim());
    String rest = (text.substring(0, open) + " " + text.substring(close + 1)).trim();
    return new Split(rest.replaceAll("\\s+", " "), args);
  }

  /** A quoted SQL label ('a''b') without its quotes and with doubled quotes undone. */
  public static String unquoteLabel(String label) {
    String l = label.trim();
    if (l.length() >= 2 && l.startsWith("'") && l.endsWith("'")) {
      l = l.substring(1, l.length() - 1).replace("''", "'");
    }
    return l;
  }

  /** The base name and the arguments found in parentheses. */
  public record Split(String rest, List<String> args) {}
}
