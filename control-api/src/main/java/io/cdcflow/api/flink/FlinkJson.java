package io.cdcflow.api.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reading Flink's REST answers: required fields fail loudly, optional ones become Optional. */
final class FlinkJson {

  /** Stands in for an object Flink left out. */
  static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

  private FlinkJson() {}

  static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw FlinkClusterException.failed(
          "Flink's answer has no '" + field + "' field: " + abbreviate(node.toString()));
    }
    return value;
  }

  static String text(JsonNode node, String field) {
    return required(node, field).asText();
  }

  static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  static long longValue(JsonNode node, String field) {
    return required(node, field).asLong();
  }

  static long longValue(JsonNode node, String field, long fallback) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? fallback : value.asLong();
  }

  static int intValue(JsonNode node, String field, int fallback) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? fallback : value.asInt();
  }

  static boolean booleanValue(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.asBoolean();
  }

  static Double doubleOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asDouble();
  }

  /** Flink writes epoch milliseconds and -1 (or 0) for "not yet". */
  static Optional<Instant> timestamp(JsonNode node, String field) {
    long millis = longValue(node, field, -1);
    return millis > 0 ? Optional.of(Instant.ofEpochMilli(millis)) : Optional.empty();
  }

  static <T> List<T> list(JsonNode node, String field, Function<JsonNode, T> mapper) {
    JsonNode array = node.get(field);
    List<T> result = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(element -> result.add(mapper.apply(element)));
    }
    return List.copyOf(result);
  }

  static <T> List<T> elements(JsonNode array, Function<JsonNode, T> mapper) {
    List<T> result = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(element -> result.add(mapper.apply(element)));
    }
    return List.copyOf(result);
  }

  /** The object at {@code field} when present and not null. */
  static Optional<JsonNode> object(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || !value.isObject()
        ? Optional.empty()
        : Optional.of(value);
  }

  static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
