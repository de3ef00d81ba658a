package io.cdcflow.api.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Objects;

/**
 * How a finding's key bounds and keys are kept as JSON text in the catalog, and read back: the
 * verifier writes them, the verification view shows them.
 */
final class FindingJson {

  private final ObjectMapper json;

  FindingJson(ObjectMapper json) {
    this.json = json;
  }

  JsonNode tree(Map<String, String> bound) {
    return bound == null ? null : json.valueToTree(bound);
  }

  JsonNode node(String text) {
    try {
      return text == null ? null : json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable finding JSON " + text, e);
    }
  }

  DifferingKeys keys(String text) {
    try {
      return json.readValue(text, DifferingKeys.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable finding keys " + text, e);
    }
  }

  String text(Object value) {
    try {
      return value == null ? null : json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether two bounds are the same key, however their JSON was spaced or ordered. */
  boolean sameBound(String a, String b) {
    return Objects.equals(node(a), node(b));
  }
}
