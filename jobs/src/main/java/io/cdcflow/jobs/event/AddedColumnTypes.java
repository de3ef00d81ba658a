package io.cdcflow.jobs.event;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.discovery.ColumnSchema;
import io.cdcflow.catalog.discovery.ColumnSchema.TypeCategory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Date;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target type of a column that appeared at the source while the pipeline ran. Debezium tells
 * the source type ({@code column.propagate.source.type}); the target dialect's type mapper maps it
 * like a discovered column. When it cannot, the Connect schema decides (integers, text, ...).
 */
final class AddedColumnTypes {

  private static final Logger LOG = LoggerFactory.getLogger(AddedColumnTypes.class);

  /** Source type names that take (length[,scale]) in their declaration. */
  private static final Set<String> SIZED =
      Set.of(
          "varchar",
          "char",
          "bpchar",
          "character",
          "character varying",
          "numeric",
          "decimal",
          "bit",
          "varbit",
          "binary",
          "varbinary",
          "datetime",
          "timestamp",
          "time");

  private AddedColumnTypes() {}

  static String targetType(DatabaseType source, DatabaseType target, String column, Schema schema) {
    return targetType(source, target, column, schema, false);
  }

  /** As for an added column; {@code key}: mapped as a key column is (MySQL caps text keys). */
  static String targetType(
      DatabaseType source, DatabaseType target, String column, Schema schema, boolean key) {
    Map<String, String> params = SourceColumnType.parameters(schema);
    String typeName = SourceColumnType.name(schema);
    if (typeName != null) {
      try {
        ColumnSchema synthetic = columnSchema(source, column, typeName, params, schema);
        return Dialect.of(target).typeMapper().targetType(source, synthetic, key);
      } catch (IllegalArgumentException e) {
        LOG.info("added column {}: {} (from the Connect schema instead)", column, e.getMessage());
      }
    }
    return fromConnectSchema(target, schema);
  }

  private static ColumnSchema columnSchema(
      DatabaseType source,
      String column,
      String typeName,
      Map<String, String> params,
      Schema schema) {
    String name = typeName.trim().toLowerCase(Locale.ROOT);
    Integer length = integer(params.get(SourceColumnType.LENGTH));
    Integer scale = integer(params.get(SourceColumnType.SCALE));
    String base = name.replace(" unsigned", "").replace(" zerofill", "");
    boolean numeric = base.equals("numeric") || base.equals("decimal");
    if (numeric && (length == null || length <= 0 || length > 1000)) {
      length = null;
    }
    boolean temporal = base.equals("datetime") || base.equals("timestamp") || base.equals("time");
    if (temporal && source == DatabaseType.POSTGRES) {
      length = null;
    }
    String declaration = name;
    if (length != null && SIZED.contains(base)) {
      String args = length + (numeric && scale != null ? "," + scale : "");
      declaration = base + "(" + args + ")" + name.substring(base.length());
    }
    List<String> labels = List.of();
    TypeCategory category = TypeCategory.BASE;
    String allowed = schema.parameters() == null ? null : schema.parameters().get("allowed");
    if (allowed != null && (base.equals("enum") || base.equals("set"))) {
      labels = List.of(allowed.split(","));
      category = base.equals("enum") ? TypeCategory.ENUM : TypeCategory.SET;
    }
    if (source == DatabaseType.POSTGRES && name.startsWith("_")) {
      category = TypeCategory.ARRAY;
    }
    return new ColumnSchema(
        column,
        0,
        base,
        declaration,
        category,
        null,
        length,
        length,
        scale,
        name.contains("unsigned"),
        true,
        null,
        false,
        0,
        labels);
  }

  private static String fromConnectSchema(DatabaseType target, Schema schema) {
    boolean pg = target == DatabaseType.POSTGRES;
    String logical = schema.name() == null ? "" : schema.name();
    if (logical.equals(Date.LOGICAL_NAME)) {
      return "date";
    }
    if (logical.equals(Timestamp.LOGICAL_NAME)) {
      return pg ? "timestamp" : "datetime(6)";
    }
    if (logical.equals(Decimal.LOGICAL_NAME)) {
      return pg ? "numeric" : "decimal(65,30)";
    }
    switch (logical) {
      case "io.debezium.time.Date":
        return "date";
      case "io.debezium.time.Time", "io.debezium.time.MicroTime", "io.debezium.time.NanoTime":
        return pg ? "time" : "time(6)";
      case "io.debezium.time.Timestamp",
      "io.debezium.time.MicroTimestamp",
      "io.debezium.time.NanoTimestamp",
      "org.apache.kafka.connect.data.Timestamp":
        return pg ? "timestamp" : "datetime(6)";
      case "io.debezium.time.ZonedTimestamp":
        return pg ? "timestamp with time zone" : "datetime(6)";
      case "io.debezium.data.Json":
        return pg ? "jsonb" : "json";
      case "io.debezium.data.Uuid":
        return pg ? "uuid" : "char(36)";
      case "io.debezium.data.VariableScaleDecimal":
        return pg ? "numeric" : "decimal(65,30)";
      default:
        break;
    }
    return switch (schema.type()) {
      case INT8, INT16 -> "smallint";
      case INT32 -> pg ? "integer" : "int";
      case INT64 -> "bigint";
      case FLOAT32 -> pg ? "real" : "float";
      case FLOAT64 -> pg ? "double precision" : "double";
      case BOOLEAN -> pg ? "boolean" : "tinyint(1)";
      case BYTES -> pg ? "bytea" : "longblob";
      case ARRAY, MAP -> pg ? "jsonb" : "json";
      default -> pg ? "text" : "longtext";
    };
  }

  private static Integer integer(String s) {
    try {
      return s == null ? null : Integer.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
