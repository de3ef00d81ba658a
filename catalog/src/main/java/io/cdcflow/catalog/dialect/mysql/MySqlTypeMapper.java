package io.cdcflow.catalog.dialect.mysql;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.dialect.SourceTypes;
import io.cdcflow.catalog.dialect.SqlType;
import io.cdcflow.catalog.dialect.TypeMapper;
import io.cdcflow.catalog.dialect.UnsupportedTypeException;
import io.cdcflow.catalog.discovery.ColumnSchema;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Types of columns cdcflow creates in MySQL/MariaDB. From MySQL the declared type is kept; from
 * PostgreSQL each type gets the MySQL type that holds all its values, with bounded types for key
 * columns (MySQL indexes at most 3072 bytes). See {@code docs/type-mapping.md}.
 */
public final class MySqlTypeMapper implements TypeMapper {

  public static final MySqlTypeMapper INSTANCE = new MySqlTypeMapper();

  /** utf8mb4 needs 4 bytes a character; InnoDB indexes at most 3072 bytes. */
  static final int MAX_KEY_CHARS = 768;

  /** A longer varchar becomes text so that a table of many of them fits MySQL's 64 KB row. */
  static final int MAX_VARCHAR = 255;

  private MySqlTypeMapper() {}

  @Override
  public String targetType(DatabaseType source, ColumnSchema column, boolean keyColumn) {
    SqlType type;
    try {
      type = SourceTypes.of(source, column);
    } catch (IllegalArgumentException e) {
      throw unsupported(source, column, e.getMessage());
    }
    return switch (source) {
      case MYSQL -> fromMySql(type, column);
      case POSTGRES -> fromPostgres(type, column, keyColumn);
    };
  }

  private String fromMySql(SqlType type, ColumnSchema column) {
    String name = type.name();
    String mods = (type.unsigned() ? " unsigned" : "") + (type.zerofill() ? " zerofill" : "");
    return switch (name) {
      case "tinyint" -> {
        // tinyint(1) is MySQL's boolean: keep the width that says so
        Integer width = type.intArg(0);
        yield (width != null && (width == 1 || type.zerofill())
                ? "tinyint(" + width + ")"
                : "tinyint")
            + mods;
      }
      case "smallint", "mediumint", "int", "bigint" -> {
        Integer width = type.intArg(0);
        yield name + (type.zerofill() && width != null ? "(" + width + ")" : "") + mods;
      }
      case "decimal" -> {
        Integer p = type.intArg(0);
        Integer s = type.intArg(1);
        yield "decimal(" + (p == null ? 10 : p) + "," + (s == null ? 0 : s) + ")" + mods;
      }
      case "float", "double" -> name + args(type) + mods;
      case "bit" -> "bit(" + (type.intArg(0) == null ? 1 : type.intArg(0)) + ")";
      case "char", "binary" -> name + "(" + (type.intArg(0) == null ? 1 : type.intArg(0)) + ")";
      case "varchar", "varbinary" -> {
        if (type.intArg(0) == null) {
          throw unsupported(DatabaseType.MYSQL, column, name + " needs a length");
        }
        yield name + "(" + type.intArg(0) + ")";
      }
      case "tinytext",
          "text",
          "mediumtext",
          "longtext",
          "tinyblob",
          "blob",
          "mediumblob",
          "longblob",
          "date",
          "year",
          "json" ->
          name;
      case "time", "datetime", "timestamp" -> {
        Integer p = type.intArg(0);
        yield p == null || p == 0 ? name : name + "(" + Math.min(6, p) + ")";
      }
      case "enum", "set" -> {
        if (type.labels().isEmpty()) {
          throw unsupported(DatabaseType.MYSQL, column, name + " without labels");
        }
        yield name + "(" + labels(type.labels()) + ")";
      }
      default -> throw unsupported(DatabaseType.MYSQL, column, "not a type cdcflow copies");
    };
  }

  private String fromPostgres(SqlType type, ColumnSchema column, boolean key) {
    if (type.isArray()) {
      if (key) {
        throw unsupported(DatabaseType.POSTGRES, column, "an array cannot be a MySQL key");
      }
      return "json";
    }
    String name = type.name();
    return switch (name) {
      case "smallint" -> "smallint";
      case "integer" -> "int";
      case "bigint" -> "bigint";
      case "oid" -> "bigint unsigned";
      case "numeric" -> numeric(type, column);
      case "money" -> "decimal(19,2)";
      case "real" -> "float";
      case "double precision" -> "double";
      case "boolean" -> "tinyint(1)";
      case "character" -> {
        int n = type.intArg(0) == null ? 1 : type.intArg(0);
        yield n <= 255 ? "char(" + n + ")" : text(n, key, column);
      }
      case "character varying" -> text(type.intArg(0), key, column);
      case "text", "citext", "xml" -> text(null, key, column);
      case "enum" -> "varchar(255)";
      case "bytea" -> key ? "varbinary(3072)" : "longblob";
      case "date" -> "date";
      case "time" -> "time(" + fraction(type) + ")";
      // MySQL has no time zone type: the UTC time is stored
      case "time with time zone" -> "time(" + fraction(type) + ")";
      case "timestamp" -> "datetime(" + fraction(type) + ")";
      // datetime, not timestamp: MySQL's timestamp ends in 2038; the UTC time is stored
      case "timestamp with time zone" -> "datetime(" + fraction(type) + ")";
      case "interval" -> "varchar(64)";
      case "json", "jsonb" -> "json";
      case "uuid" -> "char(36)";
      case "inet", "cidr" -> "varchar(43)";
      case "macaddr", "macaddr8" -> "varchar(23)";
      case "bit" -> {
        int n = type.intArg(0) == null ? 1 : type.intArg(0);
        if (n > 64) {
          throw unsupported(DatabaseType.POSTGRES, column, "MySQL bit holds at most 64 bits");
        }
        yield "bit(" + n + ")";
      }
      default -> throw unsupported(DatabaseType.POSTGRES, column, "not a type cdcflow copies");
    };
  }

  private static String numeric(SqlType type, ColumnSchema column) {
    Integer p = type.intArg(0);
    Integer s = type.intArg(1);
    if (p == null) {
      // unconstrained numeric: the widest MySQL decimal
      return "decimal(65,30)";
    }
    int scale = s == null ? 0 : s;
    if (p > 65 || scale > 30 || scale < 0) {
      throw unsupported(
          DatabaseType.POSTGRES,
          column,
          "MySQL decimal holds at most 65 digits with 30 after the point");
    }
    return "decimal(" + p + "," + scale + ")";
  }

  private static String text(Integer length, boolean key, ColumnSchema column) {
    if (key) {
      if (length != null && length > MAX_KEY_CHARS) {
        throw unsupported(
            DatabaseType.POSTGRES,
            column,
            "a key column holds at most " + MAX_KEY_CHARS + " characters in MySQL");
      }
      return "varchar(" + (length == null ? MAX_KEY_CHARS : length) + ")";
    }
    if (length == null) {
      return "longtext";
    }
    if (length <= MAX_VARCHAR) {
      return "varchar(" + length + ")";
    }
    return length <= 16_383 ? "text" : length <= 4_194_303 ? "mediumtext" : "longtext";
  }

  private static int fraction(SqlType type) {
    Integer p = type.intArg(0);
    return p == null ? 6 : Math.min(6, p);
  }

  private static String args(SqlType type) {
    return type.args().isEmpty() ? "" : "(" + String.join(",", type.args()) + ")";
  }

  /** Enum/set labels quoted for MySQL: quotes doubled, backslashes escaped. */
  static String labels(List<String> labels) {
    return labels.stream()
        .map(l -> "'" + l.replace("\\", "\\\\").replace("'", "''") + "'")
        .collect(Collectors.joining(","));
  }

  private static UnsupportedTypeException unsupported(
      DatabaseType source, ColumnSchema column, String reason) {
    String declared = column.columnType() != null ? column.columnType() : column.dataType();
    return new UnsupportedTypeException(
        column.name(), declared, source, DatabaseType.MYSQL, reason);
  }
}
