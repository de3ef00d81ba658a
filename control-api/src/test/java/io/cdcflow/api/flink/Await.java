package io.cdcflow.api.flink;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Polling instead of sleeping: until the probe yields a value, or fail at the deadline. */
final class Await {

  private static final Duration POLL = Duration.ofMillis(250);

  private Await() {}

  static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
    Instant deadline = Instant.now().plus(timeout);
    RuntimeException lastError = null;
    while (true) {
      try {
        Optional<T> value = probe.get();
        if (value.isPresent()) {
          return value.get();
        }
      } catch (FlinkClusterException e) {
        lastError = e;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "Timed out after "
                + timeout
                + " waiting for "
                + what
                + (lastError == null ? "" : " (last error: " + lastError.getMessage() + ")"),
            lastError);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
