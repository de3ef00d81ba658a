package io.cdcflow.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.openapi.plugin.DefinitionProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The annotation processor names schema properties after the Java record components (camelCase);
 * the API speaks snake_case ({@link ApiJson}). This renames them in the served document so
 * generated clients match the wire format.
 */
final class SnakeCaseOpenApi implements DefinitionProcessor {

  private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE =
      new PropertyNamingStrategies.SnakeCaseStrategy();

  @Override
  public String process(ObjectNode document) {
    JsonNode schemas = document.path("components").path("schemas");
    schemas.forEach(SnakeCaseOpenApi::rename);
    return document.toPrettyString();
  }

  private static void rename(JsonNode schema) {
    if (!(schema instanceof ObjectNode node)) {
      return;
    }
    if (node.get("properties") instanceof ObjectNode properties) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      properties.fields().forEachRemaining(entries::add);
      properties.removeAll();
      entries.forEach(e -> properties.set(SNAKE.translate(e.getKey()), e.getValue()));
    }
    if (node.get("required") instanceof ArrayNode required) {
      List<String> names = new ArrayList<>();
      required.forEach(n -> names.add(SNAKE.translate(n.asText())));
      required.removeAll();
      names.forEach(required::add);
    }
  }
}
