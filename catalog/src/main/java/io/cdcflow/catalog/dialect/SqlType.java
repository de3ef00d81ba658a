package io.cdcflow.catalog.dialect;

import java.util.List;
import java.util.Objects;

/**
 * A column type taken apart: a canonical lower-case name of its dialect ("integer", "character
 * varying", "int", "varchar"), the arguments in parentheses, array dimensions and the MySQL
 * modifiers. Each dialect's parser produces it; each type mapper reads it.
 *
 * @param name the canonical base name, without arguments
 * @param args the arguments as written ("12", "2"), empty when none
 * @param arrayDimensions 0 for a scalar, 1 for {@code integer[]}, ...
 * @param unsigned MySQL {@code unsigned}
 * @param zerofill MySQL {@code zerofill}
 * @param labels the labels of an enum or set, in order
 */
public record SqlType(
    String name,
    List<String> args,
    int arrayDimensions,
    boolean unsigned,
    boolean zerofill,
    List<String> labels) {

  public SqlType {
    Objects.requireNonNull(name, "name");
    args = args == null ? List.of() : List.copyOf(args);
    labels = labels == null ? List.of() : List.copyOf(labels);
  }

  public static SqlType of(String name, List<String> args) {
    return new SqlType(name, args, 0, false, false, List.of());
  }

  /** The i-th argument as an integer, or null when absent or not a number. */
  public Integer intArg(int index) {
    if (index >= args.size()) {
      return null;
    }
    try {
      return Integer.valueOf(args.get(index).trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public boolean isArray() {
    return arrayDimensions > 0;
  }

  /** The element type of an array (same name and arguments, no dimensions). */
  public SqlType element() {
    return new SqlType(name, args, 0, unsigned, zerofill, labels);
  }

  public SqlType withArgs(List<String> newArgs) {
    return new SqlType(name, newArgs, arrayDimensions, unsigned, zerofill, labels);
  }
}
