package io.cdcflow.catalog.dialect.mysql;

import io.cdcflow.catalog.dialect.SqlType;
import io.cdcflow.catalog.dialect.TypeDeclarations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a MySQL/MariaDB type as {@code information_schema.COLUMN_TYPE} prints it ("int(10)
 * unsigned", "enum('a','b')", "decimal(12,2)") or as Debezium names it ("INT UNSIGNED") into a
 * {@link SqlType} with one canonical name per type.
 */
public final class MySqlTypeParser {

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("integer", "int"),
          Map.entry("int4", "int"),
          Map.entry("int1", "tinyint"),
          Map.entry("int2", "smallint"),
          Map.entry("int3", "mediumint"),
          Map.entry("middleint", "mediumint"),
          Map.entry("int8", "bigint"),
          Map.entry("numeric", "decimal"),
          Map.entry("dec", "decimal"),
          Map.entry("fixed", "decimal"),
          Map.entry("real", "double"),
          Map.entry("double precision", "double"),
          Map.entry("float4", "float"),
          Map.entry("float8", "double"),
          Map.entry("character", "char"),
          Map.entry("character varying", "varchar"),
          Map.entry("nchar", "char"),
          Map.entry("nvarchar", "varchar"),
          Map.entry("national char", "char"),
          Map.entry("national varchar", "varchar"),
          Map.entry("long varchar", "mediumtext"),
          Map.entry("long", "mediumtext"));

  private MySqlTypeParser() {}

  /**
   * @param declaration the full type ("tinyint(1) unsigned")
   * @param enumValues labels when the caller knows them already (else read from the declaration)
   */
  public static SqlType parse(String declaration, List<String> enumValues) {
    String text = TypeDeclarations.normalise(declaration);
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty type");
    }
    TypeDeclarations.Split split = TypeDeclarations.splitArgs(text);
    List<String> words = new ArrayList<>(List.of(split.rest().split(" ")));
    boolean unsigned = words.remove("unsigned");
    boolean zerofill = words.remove("zerofill");
    words.remove("signed");
    // character sets and collations are not part of the type we map
    int charset = indexOfAny(words, "character", "charset", "collate");
    if (charset > 0) {
      words = words.subList(0, charset);
    }
    String name = String.join(" ", words);
    name = ALIASES.getOrDefault(name, name);
    List<String> args = split.args();
    if (name.equals("bool") || name.equals("boolean")) {
      name = "tinyint";
      args = List.of("1");
    }
    List<String> labels = List.of();
    if (name.equals("enum") || name.equals("set")) {
      if (enumValues != null && !enumValues.isEmpty()) {
        labels = enumValues;
      } else {
        labels = args.stream().map(TypeDeclarations::unquoteLabel).toList();
        // labels keep their case: read them again from the original text
        labels = originalLabels(declaration, labels);
      }
      args = List.of();
    }
    return new SqlType(name, args, 0, unsigned || zerofill, zerofill, labels);
  }

  private static int indexOfAny(List<String> words, String... candidates) {
    for (int i = 1; i < words.size(); i++) {
      for (String c : candidates) {
        if (words.get(i).equals(c)) {
          return i;
        }
      }
    }
    return -1;
  }

  private static List<String> originalLabels(String declaration, List<String> lowered) {
    if (lowered.isEmpty()) {
      return lowered;
    }
    TypeDeclarations.Split original = TypeDeclarations.splitArgs(declaration.trim());
    if (original.args().size() != lowered.size()) {
      return lowered;
    }
    return original.args().stream().map(TypeDeclarations::unquoteLabel).toList();
  }
}
