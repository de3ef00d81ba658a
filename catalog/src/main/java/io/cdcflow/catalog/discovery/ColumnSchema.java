package io.cdcflow.catalog.discovery;

import java.io.Serializable;
import java.util.List;

/**
 * One column as the source database declares it.
 *
 * <p>{@code length}, {@code precision} and {@code scale} describe the scalar value: for an array
 * its element type, for a domain its (innermost) base type.
 *
 * @param name the column name exactly as stored
 * @param position the column's ordinal position, as in {@code information_schema.columns}: on
 *     PostgreSQL its attribute number, which a rename keeps and a dropped column's leaves as a gap
 * @param dataType the base type name, lower case, without parameters ("numeric", "character
 *     varying", "int", "timestamp with time zone", "enum"); on PostgreSQL a user-defined type's
 *     name as {@code format_type} prints it ("mood", "sales.mood") and an array's with {@code []}
 * @param columnType the full declaration as the database prints it ("numeric(12,2)", "int(10)
 *     unsigned", "enum('a','b')", "mood", "integer[]")
 * @param category how the type is built, which decides how it maps to another database
 * @param baseType for a domain its base type with its modifiers ("numeric(5,2)"; a domain over a
 *     domain gives the innermost base type), for an array its element type ("integer", "character
 *     varying(20)"), else null
 * @param length the declared maximum length of a character, binary or bit type ("varchar(20)",
 *     "char(3)", "binary(16)", "bit(5)"), null when the type has no declared length
 * @param precision the declared total digits of an exact numeric type (numeric, decimal), null for
 *     other types and for an unconstrained PostgreSQL numeric
 * @param scale for numeric/decimal the declared digits after the point; for time and timestamp
 *     types the fractional seconds digits in effect (PostgreSQL: 6 when not declared; MySQL: 0 when
 *     not declared); null otherwise
 * @param unsigned MySQL's unsigned attribute; always false on PostgreSQL
 * @param defaultValue the default as an SQL expression in the source's syntax ("0", "'ok'::mood",
 *     "now()", "current_timestamp()", "'abc'"), null when the column has none (also for identity
 *     and generated columns)
 * @param autoIncrement MySQL auto_increment, PostgreSQL identity or a {@code nextval(...)} default
 *     (serial)
 * @param enumValues the labels of an enum or set type, in declaration order (PostgreSQL: sort
 *     order); also filled for a PostgreSQL domain over an enum or an array of an enum
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
