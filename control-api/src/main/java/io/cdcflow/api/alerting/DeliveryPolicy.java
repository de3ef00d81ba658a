package io.cdcflow.api.alerting;

import java.time.Duration;

/**
 * How alert deliveries are attempted: each HTTP request may take {@code timeout} (connect and
 * answer), a failed attempt is retried after {@code firstRetryDelay}, doubling each time (at most
 * an hour), until {@code maxAttempts} attempts failed.
 */
public record DeliveryPolicy(int maxAttempts, Duration firstRetryDelay, Duration timeout) {

  private static final Duration MAX_DELAY = Duration.ofHours(1);

  public DeliveryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("at least one delivery attempt is needed");
    }
    if (firstRetryDelay.isNegative() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("retry delay and timeout must be positive");
    }
  }

  public static DeliveryPolicy defaults() {
    return new DeliveryPolicy(5, Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  /** The wait after failed attempt number {@code attempt} (1-based). */
  public Duration delayAfter(int attempt) {
    Duration delay = firstRetryDelay;
    for (int i = 1; i < attempt && delay.compareTo(MAX_DELAY) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }
}
