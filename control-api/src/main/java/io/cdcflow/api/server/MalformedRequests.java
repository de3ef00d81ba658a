package io.cdcflow.api.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Requests Jetty refuses before any route sees them (an encoded '/' or NUL in the path, a header
 * too large, an illegal character) are answered with problem+json too, instead of Jetty's HTML.
 */
final class MalformedRequests extends ErrorHandler {

  private final ObjectMapper json;

  MalformedRequests(ObjectMapper json) {
    this.json = json;
    setShowServlet(false);
    setShowStacks(false);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    String message = HttpStatus.getMessage(status);
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "https://cdcflow.io/problems/malformed-request");
    problem.put("title", message);
    problem.put("status", status);
    problem.put(
        "detail",
        "the request was refused before routing: "
            + (reason == null || reason.isBlank() ? message : reason));
    fields.put(HttpHeader.CONTENT_TYPE, ProblemResponses.CONTENT_TYPE);
    try {
      return ByteBuffer.wrap(json.writeValueAsBytes(problem));
    } catch (JsonProcessingException e) {
      return ByteBuffer.wrap(("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8));
    }
  }
}
