package io.cdcflow.catalog.discovery;

import java.io.Serializable;
import java.util.List;

/**
 * One column as the source database declares it.
 *
 * @param dataType the base type name, lower case, without parameters ("numeric", "character
 *     varying", "int", "timestamp with time zone", "enum")
 * @param columnType the full declaration as the database prints it ("numeric(12,2)", "int(10)
 *     unsigned", "enum('a','b')", "mood", "integer[]")
 * @param category how the type is built, which decides how it maps to another database
 * @param baseType for a domain its base type, for an array its element type, else null
 * @param enumValues the labels of an enum or set type, in declaration order
 * @param primaryKeyPosition 1-based position in the primary key, 0 when not part of it
 */
public record ColumnSchema(
    String name,
    int position,
    String dataType,
    String columnType,
    TypeCategory category,
    String baseType,
    Integer length,
    Integer precision,
    Integer scale,
    boolean unsigned,
    boolean nullable,
    String defaultValue,
    boolean autoIncrement,
    int primaryKeyPosition,
    List<String> enumValues)
    implements Serializable {

  public ColumnSchema {
    enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
    category = category == null ? TypeCategory.BASE : category;
  }

  public boolean primaryKey() {
    return primaryKeyPosition > 0;
  }

  /** How a column's type is built. */
  public enum TypeCategory {
    BASE,
    ENUM,
    SET,
    ARRAY,
    DOMAIN,
    OTHER
  }
}
