package io.cdcflow.api.alerting;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a channel needs beyond its kind, stored as the {@code config} JSON of its row: the URL of a
 * webhook or Slack channel and extra HTTP headers (an Authorization header, say).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChannelSettings(String url, Map<String, String> headers) {

  static final String MASK = "********";
  private static final ObjectMapper JSON = new ObjectMapper();

  public ChannelSettings {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  static ChannelSettings parse(String configJson) {
    try {
      return configJson == null
          ? new ChannelSettings(null, null)
          : JSON.readValue(configJson, ChannelSettings.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("alert channel config is not readable JSON", e);
    }
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The headers as the API shows them: secret-looking values masked. */
  Map<String, String> maskedHeaders() {
    Map<String, String> shown = new LinkedHashMap<>();
    headers.forEach((name, value) -> shown.put(name, looksSecret(name) ? MASK : value));
    return shown;
  }

  static boolean looksSecret(String header) {
    String h = header.toLowerCase(Locale.ROOT);
    return h.contains("authorization")
        || h.contains("token")
        || h.contains("secret")
        || h.contains("password")
        || h.contains("cookie")
        || h.contains("signature")
        || h.endsWith("key");
  }
}
