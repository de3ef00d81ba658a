package io.cdcflow.catalog.dialect.postgres;

import io.cdcflow.catalog.dialect.SqlType;
import io.cdcflow.catalog.dialect.TypeDeclarations;
import java.util.List;
import java.util.Map;

/**
 * Reads a PostgreSQL type as {@code format_type} prints it ("character varying(20)", "timestamp(3)
 * with time zone", "integer[]") or as the catalog names it ("int4", "_int4", "timestamptz") into a
 * {@link SqlType} with one canonical name per type.
 */
public final class PostgresTypeParser {

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("int2", "smallint"),
          Map.entry("smallserial", "smallint"),
          Map.entry("serial2", "smallint"),
          Map.entry("int", "integer"),
          Map.entry("int4", "integer"),
          Map.entry("serial", "integer"),
          Map.entry("serial4", "integer"),
          Map.entry("int8", "bigint"),
          Map.entry("bigserial", "bigint"),
          Map.entry("serial8", "bigint"),
          Map.entry("decimal", "numeric"),
          Map.entry("float4", "real"),
          Map.entry("float8", "double precision"),
          Map.entry("bool", "boolean"),
          Map.entry("bpchar", "character"),
          Map.entry("char", "character"),
          Map.entry("varchar", "character varying"),
          Map.entry("timetz", "time with time zone"),
          Map.entry("time without time zone", "time"),
          Map.entry("timestamptz", "timestamp with time zone"),
          Map.entry("timestamp without time zone", "timestamp"),
          Map.entry("varbit", "bit varying"));

  private PostgresTypeParser() {}

  public static SqlType parse(String declaration) {
    String text = TypeDeclarations.normalise(declaration);
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty type");
    }
    int dims = 0;
    while (true) {
      int bracket = text.lastIndexOf('[');
      if (bracket > 0 && text.endsWith("]")) {
        dims++;
        text = text.substring(0, bracket).trim();
      } else {
        break;
      }
    }
    // the catalog names an array type after its element with a leading underscore
    if (dims == 0 && text.startsWith("_") && !text.contains(" ")) {
      dims = 1;
      text = text.substring(1);
    }
    if (text.startsWith("pg_catalog.")) {
      text = text.substring("pg_catalog.".length());
    }
    TypeDeclarations.Split split = TypeDeclarations.splitArgs(text);
    String name = split.rest();
    List<String> args = split.args();
    if (name.startsWith("interval")) {
      // interval fields (year to month, day to second) do not change what it can hold here
      name = "interval";
    }
    if (name.equals("float") || name.equals("double")) {
      Integer bits = args.isEmpty() ? null : parseInt(args.get(0));
      name = bits != null && bits <= 24 ? "real" : "double precision";
      args = List.of();
    }
    name = ALIASES.getOrDefault(name, name);
    return new SqlType(name, args, dims, false, false, List.of());
  }

  private static Integer parseInt(String s) {
    try {
      return Integer.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
