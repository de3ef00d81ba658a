package io.cdcflow.jobs.event;

import java.util.Map;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;

/**
 * A column's type at the source, which Debezium puts on the field's schema ({@code
 * column.propagate.source.type}): how an added column gets its target type, and how a value sent as
 * text is known to be a number.
 */
final class SourceColumnType {

  static final String TYPE = "__debezium.source.column.type";
  static final String LENGTH = "__debezium.source.column.length";
  static final String SCALE = "__debezium.source.column.scale";

  private SourceColumnType() {}

  static Map<String, String> parameters(Schema schema) {
    return schema.parameters() == null ? Map.of() : schema.parameters();
  }

  /**
   * The source type's name as Debezium reports it (NUMERIC, _NUMERIC, a domain's name), or null.
   */
  static String name(Schema schema) {
    return parameters(schema).get(TYPE);
  }

  /**
   * The source declaration Debezium reports, as {@link TypeWidening#declaration} writes it, or null
   * when it reports none.
   */
  static String declaration(Schema schema) {
    String name = name(schema);
    if (name == null) {
      return null;
    }
    Map<String, String> params = parameters(schema);
    return TypeWidening.declaration(name, integer(params.get(LENGTH)), integer(params.get(SCALE)));
  }

  private static Integer integer(String s) {
    try {
      return s == null ? null : Integer.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A numeric or decimal column, or an array of them (its type is the element's with a "_"). */
  static boolean isNumeric(Schema schema) {
    String type = name(schema);
    if (type == null) {
      return false;
    }
    String scalar = schema.type() == Schema.Type.ARRAY ? type.replaceFirst("^_", "") : type;
    return "NUMERIC".equalsIgnoreCase(scalar) || "DECIMAL".equalsIgnoreCase(scalar);
  }
}
