package io.cdcflow.api.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.catalog.store.AlertChannelRow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one alert event to one channel: a log line, a JSON webhook POST or a Slack-compatible
 * incoming-webhook POST ({@code {"text": ...}}). A non-2xx answer or an exception is a failed
 * attempt; errors never carry the channel URL (a Slack URL is a secret).
 */
public final class ChannelSender {

  /** The log channel's lines go to this logger. */
  static final Logger ALERT_LOG = LoggerFactory.getLogger("cdcflow.alerts");

  private final ObjectMapper json;
  private final Duration timeout;
  private final HttpClient http;

  public ChannelSender(ObjectMapper json, Duration timeout) {
    this.json = json;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** What one attempt gave. */
  public record Outcome(boolean delivered, Integer responseCode, String error, long latencyMs) {}

  public Outcome send(AlertChannelRow channel, AlertEvent event) {
    long started = System.nanoTime();
    try {
      ChannelSettings settings = ChannelSettings.parse(channel.configJson());
      return switch (channel.kind()) {
        case "log" -> {
          ALERT_LOG.warn("{} (alert {})", event.summary(), event.alertId());
          yield new Outcome(true, null, null, millisSince(started));
        }
        case "webhook" -> post(settings, json.writeValueAsString(event), started);
        case "slack" ->
            post(settings, json.writeValueAsString(Map.of("text", event.summary())), started);
        default ->
            new Outcome(
                false, null, "unknown channel kind '" + channel.kind() + "'", millisSince(started));
      };
    } catch (JsonProcessingException | RuntimeException e) {
      return new Outcome(false, null, describe(e), millisSince(started));
    }
  }

  private Outcome post(ChannelSettings settings, String body, long started) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(settings.url()))
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header("User-Agent", "cdcflow-alerts")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      settings.headers().forEach(request::header);
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      int code = response.statusCode();
      boolean ok = code >= 200 && code < 300;
      return new Outcome(
          ok,
          code,
          ok ? null : "HTTP " + code + answerExcerpt(response.body()),
          millisSince(started));
    } catch (IOException | RuntimeException e) {
      return new Outcome(false, null, describe(e), millisSince(started));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(false, null, "interrupted", millisSince(started));
    }
  }

  private static String answerExcerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String line = body.strip().replaceAll("\\s+", " ");
    return ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "no answer within the timeout";
    }
    if (e instanceof java.net.ConnectException) {
      return "connection refused or unreachable";
    }
    return message == null || message.isBlank() ? kind : kind + ": " + message;
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
