package io.cdcflow.api.flink;

import java.util.List;

/**
 * A Flink cluster refused a request or could not be reached. {@link #status()} is the HTTP status
 * of Flink's answer, or 0 when there was none (unreachable, timed out); {@link #errors()} is the
 * {@code errors} list of Flink's error body, as Flink wrote it.
 */
public final class FlinkClusterException extends RuntimeException {

  private final int status;
  private final List<String> errors;

  FlinkClusterException(String message, int status, List<String> errors, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  static FlinkClusterException unreachable(String message, Throwable cause) {
    return new FlinkClusterException(message, 0, List.of(), cause);
  }

  static FlinkClusterException failed(String message) {
    return new FlinkClusterException(message, 0, List.of(), null);
  }

  /** The HTTP status of Flink's answer; 0 when the cluster gave none. */
  public int status() {
    return status;
  }

  /** Flink's error texts (often a server-side stack trace); empty when there were none. */
  public List<String> errors() {
    return errors;
  }

  /** No HTTP answer at all: connection refused, DNS failure, timeout. */
  public boolean isUnreachable() {
    return status == 0 && getCause() != null;
  }

  public boolean isNotFound() {
    return status == 404;
  }
}
