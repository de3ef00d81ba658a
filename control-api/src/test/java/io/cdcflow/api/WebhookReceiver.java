package io.cdcflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP receiver on a free port: records every POST (body and headers) and answers with the
 * queued status codes (200 once they are used up), optionally after hanging for a while.
 */
public final class WebhookReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  public record Received(String body, Map<String, List<String>> headers) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Integer> statuses = new ConcurrentLinkedDeque<>();
  private volatile long hangMillis;

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  public static WebhookReceiver start(Integer... statuses) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      WebhookReceiver receiver = new WebhookReceiver(server);
      receiver.statuses.addAll(List.of(statuses));
      server.createContext(
          "/",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            receiver.received.add(
                new Received(
                    new String(body, StandardCharsets.UTF_8),
                    Map.copyOf(exchange.getRequestHeaders())));
            if (receiver.hangMillis > 0) {
              try {
                Thread.sleep(receiver.hangMillis);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            Integer status = receiver.statuses.poll();
            byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
          });
      server.setExecutor(Executors.newCachedThreadPool());
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public WebhookReceiver hangFor(long millis) {
    hangMillis = millis;
    return this;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  /** The JSON bodies whose {@code event} field is the given one. */
  public List<JsonNode> events(String event) {
    return received().stream()
        .map(Received::json)
        .filter(json -> event.equals(json.path("event").asText()))
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
