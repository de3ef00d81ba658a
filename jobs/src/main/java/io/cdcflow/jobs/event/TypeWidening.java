package io.cdcflow.jobs.event;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a target column of one type can take every value of another, for the type changes a
 * source makes in place: integers to larger integers, floats to doubles, longer character and
 * binary strings, numerics with more digits. Anything else is {@link Change#OTHER}: the target is
 * not altered to it.
 */
public final class TypeWidening {

  /** How a new target type relates to the one the column has. */
  public enum Change {
    SAME,
    WIDER,
    OTHER
  }

  private static final List<List<String>> INTEGERS =
      List.of(
          List.of("tinyint"),
          List.of("smallint", "int2"),
          List.of("mediumint"),
          List.of("integer", "int", "int4"),
          List.of("bigint", "int8"));
  private static final List<List<String>> FLOATS =
      List.of(List.of("real", "float", "float4"), List.of("double precision", "double", "float8"));
  private static final List<String> TEXTS = List.of("tinytext", "text", "mediumtext", "longtext");
  private static final List<String> BLOBS = List.of("tinyblob", "blob", "mediumblob", "longblob");

  private static final Pattern SIZED =
      Pattern.compile("^([a-z ]+?)\\s*\\((\\d+)(?:,\\s*(\\d+))?\\)$");

  /** Source type names that mean the same type, to the name {@link #declaration} uses. */
  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("int2", "smallint"),
          Map.entry("int4", "integer"),
          Map.entry("int", "integer"),
          Map.entry("int8", "bigint"),
          Map.entry("float4", "real"),
          Map.entry("float8", "double precision"),
          Map.entry("double", "double precision"),
          Map.entry("varchar", "character varying"),
          Map.entry("bpchar", "character"),
          Map.entry("char", "character"),
          Map.entry("decimal", "numeric"));

  /** Types whose declaration says their size (length, or precision and scale). */
  private static final Set<String> SIZED_TYPES =
      Set.of("character varying", "character", "numeric", "varbinary", "binary");

  private TypeWidening() {}

  /**
   * A source column's declaration in one spelling for the types whose widening is followed (the
   * rest as given, lower case): "integer", "character varying(10)", "numeric(8,2)", "bigint
   * unsigned". Two declarations of one type are equal whichever way they were read: discovery
   * ("int(11)", "character varying(10)") or Debezium (INT4 with a length parameter).
   */
  static String declaration(String type, Integer length, Integer scale) {
    String t = type.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    boolean unsigned = t.contains(" unsigned");
    t = t.replace(" unsigned", "").replace(" zerofill", "");
    Matcher sized = SIZED.matcher(t);
    if (sized.matches()) {
      t = sized.group(1).trim();
      length = Integer.valueOf(sized.group(2));
      scale = sized.group(3) == null ? null : Integer.valueOf(sized.group(3));
    }
    String base = ALIASES.getOrDefault(t, t);
    StringBuilder d = new StringBuilder(base);
    boolean bounded = length != null && length > 0 && length < 100_000;
    if (SIZED_TYPES.contains(base) && bounded) {
      d.append('(').append(length);
      if (base.equals("numeric")) {
        d.append(',').append(scale == null ? 0 : scale);
      }
      d.append(')');
    }
    return unsigned ? d.append(" unsigned").toString() : d.toString();
  }

  public static Change of(String from, String to) {
    String a = normalize(from);
    String b = normalize(to);
    if (a.equals(b)) {
      return Change.SAME;
    }
    if (wider(a, b)) {
      return Change.WIDER;
    }
    return Change.OTHER;
  }

  private static boolean wider(String a, String b) {
    if (a.endsWith(" unsigned") != b.endsWith(" unsigned")) {
      // a signed column cannot take an unsigned one's upper half, nor the reverse its negatives;
      // an unsigned integer fits the next larger signed one
      if (!a.endsWith(" unsigned")) {
        return false;
      }
      int from = rank(INTEGERS, strip(a));
      int to = rank(INTEGERS, b);
      return from >= 0 && to > from;
    }
    String base = strip(a);
    String other = strip(b);
    int fromInt = rank(INTEGERS, base);
    if (fromInt >= 0) {
      return rank(INTEGERS, other) > fromInt;
    }
    int fromFloat = rank(FLOATS, base);
    if (fromFloat >= 0) {
      return rank(FLOATS, other) > fromFloat;
    }
    Sized x = Sized.of(base);
    Sized y = Sized.of(other);
    if (x != null && isCharacter(x.name)) {
      return (y != null && isVaryingCharacter(y.name) && y.length >= x.length && !x.equals(y))
          || other.equals("text")
          || TEXTS.contains(other);
    }
    if (TEXTS.contains(base)) {
      return TEXTS.indexOf(other) > TEXTS.indexOf(base);
    }
    if (x != null && x.name.equals("varbinary")) {
      return (y != null && y.name.equals("varbinary") && y.length > x.length)
          || BLOBS.contains(other)
          || other.equals("bytea");
    }
    if (BLOBS.contains(base)) {
      return BLOBS.indexOf(other) > BLOBS.indexOf(base);
    }
    if (x != null && isNumeric(x.name)) {
      if (isNumeric(other)) {
        return true; // unbounded
      }
      return y != null
          && isNumeric(y.name)
          && y.scale >= x.scale
          && y.length - y.scale >= x.length - x.scale;
    }
    return false;
  }

  private static boolean isCharacter(String name) {
    return isVaryingCharacter(name) || name.equals("char") || name.equals("character");
  }

  private static boolean isVaryingCharacter(String name) {
    return name.equals("varchar") || name.equals("character varying");
  }

  private static boolean isNumeric(String name) {
    return name.equals("numeric") || name.equals("decimal");
  }

  private static int rank(List<List<String>> family, String type) {
    for (int i = 0; i < family.size(); i++) {
      if (family.get(i).contains(type)) {
        return i;
      }
    }
    return -1;
  }

  private static String strip(String type) {
    return type.replace(" unsigned", "").trim();
  }

  private static String normalize(String type) {
    String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    // MySQL display widths say nothing about range: int(11) is int
    return t.replaceAll("^(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\)", "$1");
  }

  private record Sized(String name, int length, int scale) {
    static Sized of(String type) {
      Matcher m = SIZED.matcher(type);
      if (!m.matches()) {
        return null;
      }
      return new Sized(
          m.group(1).trim(),
          Integer.parseInt(m.group(2)),
          m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }
  }
}
