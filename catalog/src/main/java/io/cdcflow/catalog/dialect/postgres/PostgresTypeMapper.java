package io.cdcflow.catalog.dialect.postgres;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.dialect.SourceTypes;
import io.cdcflow.catalog.dialect.SqlType;
import io.cdcflow.catalog.dialect.TypeMapper;
import io.cdcflow.catalog.dialect.UnsupportedTypeException;
import io.cdcflow.catalog.discovery.ColumnSchema;
import java.util.Set;

/**
 * Types of columns cdcflow creates in PostgreSQL. From PostgreSQL the declared type is kept (enums
 * become text, domains their base type); from MySQL each type gets the PostgreSQL type that holds
 * all its values. See {@code docs/type-mapping.md}.
 */
public final class PostgresTypeMapper implements TypeMapper {

  public static final PostgresTypeMapper INSTANCE = new PostgresTypeMapper();

  /** PostgreSQL types a PostgreSQL source keeps as they are. */
  private static final Set<String> KEPT =
      Set.of(
          "smallint",
          "integer",
          "bigint",
          "numeric",
          "real",
          "double precision",
          "money",
          "boolean",
          "character",
          "character varying",
          "text",
          "citext",
          "bytea",
          "date",
          "time",
          "time with time zone",
          "timestamp",
          "timestamp with time zone",
          "interval",
          "json",
          "jsonb",
          "uuid",
          "xml",
          "inet",
          "cidr",
          "macaddr",
          "macaddr8",
          "bit",
          "bit varying",
          "oid");

  private PostgresTypeMapper() {}

  @Override
  public String targetType(DatabaseType source, ColumnSchema column, boolean keyColumn) {
    SqlType type;
    try {
      type = SourceTypes.of(source, column);
    } catch (IllegalArgumentException e) {
      throw unsupported(source, column, e.getMessage());
    }
    return switch (source) {
      case POSTGRES -> fromPostgres(type, column);
      case MYSQL -> fromMySql(type, column);
    };
  }

  private String fromPostgres(SqlType type, ColumnSchema column) {
    if (type.name().equals("enum")) {
      return "text" + "[]".repeat(type.arrayDimensions());
    }
    if (!KEPT.contains(type.name())) {
      throw unsupported(DatabaseType.POSTGRES, column, "not a type cdcflow copies");
    }
    if (type.name().equals("citext")) {
      // citext needs an extension on the target; text holds the same values
      return "text" + "[]".repeat(type.arrayDimensions());
    }
    return render(type);
  }

  /** A PostgreSQL type as it is written in DDL. */
  static String render(SqlType type) {
    String name = type.name();
    String args = type.args().isEmpty() ? "" : "(" + String.join(",", type.args()) + ")";
    String base =
        switch (name) {
          case "numeric", "character", "character varying", "bit", "bit varying" -> name + args;
          case "time", "timestamp" -> name + args;
          case "time with time zone" -> "time" + args + " with time zone";
          case "timestamp with time zone" -> "timestamp" + args + " with time zone";
          default -> name;
        };
    return base + "[]".repeat(type.arrayDimensions());
  }

  private String fromMySql(SqlType type, ColumnSchema column) {
    String name = type.name();
    boolean unsigned = type.unsigned();
    return switch (name) {
      case "tinyint" -> "smallint";
      case "smallint" -> unsigned ? "integer" : "smallint";
      case "mediumint" -> "integer";
      case "int" -> unsigned ? "bigint" : "integer";
      case "bigint" -> unsigned ? "numeric(20,0)" : "bigint";
      case "decimal" -> decimal(type);
      case "float" ->
          type.args().size() == 1 && type.intArg(0) != null && type.intArg(0) > 24
              ? "double precision"
              : "real";
      case "double" -> "double precision";
      case "bit" -> {
        Integer bits = type.intArg(0);
        yield bits == null || bits == 1 ? "boolean" : "bit(" + bits + ")";
      }
      case "char" -> "character(" + lengthOr(type, 1) + ")";
      case "varchar" -> "character varying(" + lengthOr(type, 255) + ")";
      case "tinytext", "text", "mediumtext", "longtext" -> "text";
      case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "bytea";
      case "date" -> "date";
      case "time" -> "time" + fraction(type);
      case "datetime" -> "timestamp" + fraction(type);
      case "timestamp" -> "timestamp" + fraction(type) + " with time zone";
      case "year" -> "smallint";
      case "enum", "set" -> "text";
      case "json" -> "jsonb";
      default -> throw unsupported(DatabaseType.MYSQL, column, "not a type cdcflow copies");
    };
  }

  private static String decimal(SqlType type) {
    Integer precision = type.intArg(0);
    Integer scale = type.intArg(1);
    if (precision == null) {
      return "numeric(10,0)";
    }
    return "numeric(" + precision + "," + (scale == null ? 0 : scale) + ")";
  }

  private static int lengthOr(SqlType type, int fallback) {
    Integer n = type.intArg(0);
    return n == null || n <= 0 ? fallback : n;
  }

  private static String fraction(SqlType type) {
    Integer p = type.intArg(0);
    return p == null ? "(0)" : "(" + Math.min(6, p) + ")";
  }

  private static UnsupportedTypeException unsupported(
      DatabaseType source, ColumnSchema column, String reason) {
    String declared = column.columnType() != null ? column.columnType() : column.dataType();
    return new UnsupportedTypeException(
        column.name(), declared, source, DatabaseType.POSTGRES, reason);
  }
}
