package io.cdcflow.api.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.discovery.ColumnSchema;
import io.cdcflow.catalog.discovery.TableSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An inclusive range of key values, each bound given per key column as text: {@code from} and
 * {@code to} are each absent (unbounded), a scalar (single-column keys only), or an object naming
 * every key column. Composite keys compare as a row value, {@code (a, b) >= (1, 'x')}.
 */
record KeyRange(List<String> keyColumns, List<String> from, List<String> to) {

  KeyRange {
    keyColumns = List.copyOf(keyColumns);
  }

  /** Reads {@code from} and {@code to}; a 400 names the field when a bound does not fit the key. */
  static KeyRange parse(JsonNode from, JsonNode to, List<String> keyColumns, TableSchema source) {
    KeyRange range =
        new KeyRange(keyColumns, bound("from", from, keyColumns), bound("to", to, keyColumns));
    range.bind(source, true);
    return range;
  }

  /** The same range with a new upper bound (a truncated read's last key). */
  KeyRange upTo(List<String> last) {
    return new KeyRange(keyColumns, from, last);
  }

  /** The bounds as values of the key columns' types in {@code table} (null when unbounded). */
  Bounds bind(TableSchema table, boolean clientInput) {
    return new Bounds(
        values("from", from, table, clientInput), values("to", to, table, clientInput));
  }

  record Bounds(List<Object> from, List<Object> to) {}

  private List<Object> values(
      String field, List<String> texts, TableSchema table, boolean clientInput) {
    if (texts == null) {
      return null;
    }
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < keyColumns.size(); i++) {
      String name = keyColumns.get(i);
      ColumnSchema column =
          table
              .column(name)
              .orElseThrow(
                  () ->
                      ApiProblem.conflict("key column " + name + " is missing from " + table.id()));
      try {
        values.add(KeyValues.convert(texts.get(i), column));
      } catch (IllegalArgumentException e) {
        String path = keyColumns.size() == 1 ? field : field + "." + name;
        if (clientInput) {
          throw ApiProblem.invalid(path, e.getMessage());
        }
        throw ApiProblem.conflict("cannot compare keys at " + table.id() + ": " + e.getMessage());
      }
    }
    return values;
  }

  private static List<String> bound(String field, JsonNode node, List<String> keyColumns) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isValueNode()) {
      if (keyColumns.size() != 1) {
        throw ApiProblem.invalid(
            field,
            "the key is "
                + keyColumns
                + ": give an object with a value for each key column, e.g. "
                + example(keyColumns));
      }
      return List.of(node.asText());
    }
    if (!node.isObject()) {
      throw ApiProblem.invalid(
          field, "a key value, or an object of key column values, e.g. " + example(keyColumns));
    }
    Map<String, String> given = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!keyColumns.contains(e.getKey())) {
        throw ApiProblem.invalid(
            field + "." + e.getKey(), "not a key column; the key is " + keyColumns);
      }
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw ApiProblem.invalid(field + "." + e.getKey(), "a key value (number or string)");
      }
      given.put(e.getKey(), e.getValue().asText());
    }
    List<String> values = new ArrayList<>();
    for (String column : keyColumns) {
      if (!given.containsKey(column)) {
        throw ApiProblem.invalid(field + "." + column, "missing; the key is " + keyColumns);
      }
      values.add(given.get(column));
    }
    return values;
  }

  private static String example(List<String> keyColumns) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < keyColumns.size(); i++) {
      b.append(i == 0 ? "" : ", ").append('"').append(keyColumns.get(i)).append("\": ...");
    }
    return b.append('}').toString();
  }
}
