package io.cdcflow.catalog.dialect;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.dialect.mysql.MySqlTypeParser;
import io.cdcflow.catalog.dialect.postgres.PostgresTypeParser;
import io.cdcflow.catalog.discovery.ColumnSchema;
import io.cdcflow.catalog.discovery.ColumnSchema.TypeCategory;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the type of a discovered source column into a {@link SqlType}: the declaration when there
 * is one, else the base name plus length, precision and scale; PostgreSQL domains resolve to their
 * base type, arrays to their element type with dimensions.
 */
public final class SourceTypes {

  private SourceTypes() {}

  /** The type, or a PostgreSQL enum as a {@code SqlType} named "enum". */
  public static SqlType of(DatabaseType source, ColumnSchema column) {
    return switch (source) {
      case POSTGRES -> postgres(column);
      case MYSQL -> mysql(column);
    };
  }

  private static SqlType postgres(ColumnSchema column) {
    TypeCategory category = column.category();
    if (category == TypeCategory.ENUM
        || (category == TypeCategory.DOMAIN && !column.enumValues().isEmpty())) {
      return new SqlType("enum", List.of(), 0, false, false, column.enumValues());
    }
    if (category == TypeCategory.ARRAY && !column.enumValues().isEmpty()) {
      // an array of an enum type
      SqlType declared =
          declared(column) == null ? null : PostgresTypeParser.parse(declared(column));
      int dims = declared == null ? 1 : Math.max(1, declared.arrayDimensions());
      return new SqlType("enum", List.of(), dims, false, false, column.enumValues());
    }
    if (category == TypeCategory.DOMAIN) {
      if (column.baseType() == null || column.baseType().isBlank()) {
        throw new IllegalArgumentException("domain without a base type");
      }
      return PostgresTypeParser.parse(column.baseType());
    }
    if (category == TypeCategory.ARRAY) {
      SqlType declared =
          declared(column) == null ? null : PostgresTypeParser.parse(declared(column));
      int dims = declared == null ? 1 : Math.max(1, declared.arrayDimensions());
      SqlType element =
          column.baseType() != null && !column.baseType().isBlank()
              ? PostgresTypeParser.parse(column.baseType())
              : declared;
      if (element == null) {
        throw new IllegalArgumentException("array without an element type");
      }
      return new SqlType(element.name(), element.args(), dims, false, false, List.of());
    }
    String declared = declared(column);
    SqlType type = PostgresTypeParser.parse(declared != null ? declared : column.dataType());
    if (type.args().isEmpty()) {
      type = type.withArgs(argsFromFigures(type.name(), column));
    }
    return type;
  }

  private static SqlType mysql(ColumnSchema column) {
    String declared = declared(column);
    SqlType type =
        MySqlTypeParser.parse(declared != null ? declared : column.dataType(), column.enumValues());
    if (type.args().isEmpty()) {
      type = type.withArgs(argsFromFigures(type.name(), column));
    }
    if (column.unsigned() && !type.unsigned()) {
      type = new SqlType(type.name(), type.args(), 0, true, type.zerofill(), type.labels());
    }
    return type;
  }

  private static String declared(ColumnSchema column) {
    String t = column.columnType();
    return t == null || t.isBlank() ? null : t;
  }

  private static List<String> argsFromFigures(String name, ColumnSchema column) {
    List<String> args = new ArrayList<>();
    switch (name) {
      case "character",
          "character varying",
          "bit",
          "bit varying",
          "char",
          "varchar",
          "binary",
          "varbinary" -> {
        if (column.length() != null && column.length() > 0) {
          args.add(column.length().toString());
        }
      }
      case "numeric", "decimal" -> {
        if (column.precision() != null && column.precision() > 0) {
          args.add(column.precision().toString());
          args.add(column.scale() == null ? "0" : column.scale().toString());
        }
      }
      default -> {
        // other types carry no arguments we need
      }
    }
    return args;
  }
}
