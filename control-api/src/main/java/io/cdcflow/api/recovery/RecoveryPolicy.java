package io.cdcflow.api.recovery;

import io.cdcflow.catalog.pipeline.PipelineOptions;
import java.time.Duration;

/**
 * How often and how patiently the control API resubmits a FAILED pipeline: {@code maxAttempts}
 * resubmissions (0 = never), the first after {@code firstDelay}, each next one three times later
 * (10 s, 30 s, 90 s, ... with the defaults), capped at {@link #MAX_DELAY}. Flink's own restart
 * strategy has already retried within the job by then, so these are for failures that outlast it.
 */
public record RecoveryPolicy(int maxAttempts, Duration firstDelay) {

  public static final RecoveryPolicy DEFAULT = new RecoveryPolicy(3, Duration.ofSeconds(10));
  static final Duration MAX_DELAY = Duration.ofMinutes(30);
  private static final int FACTOR = 3;

  public RecoveryPolicy {
    if (maxAttempts < 0 || firstDelay.isNegative()) {
      throw new IllegalArgumentException("attempts and delay must not be negative");
    }
  }

  /** The pipeline's own options where set, these defaults otherwise. */
  public RecoveryPolicy forPipeline(PipelineOptions options) {
    return new RecoveryPolicy(
        options.autoRecoverAttempts() != null ? options.autoRecoverAttempts() : maxAttempts,
        options.autoRecoverDelaySeconds() != null
            ? Duration.ofSeconds(options.autoRecoverDelaySeconds())
            : firstDelay);
  }

  /** The pause between a failure and automatic attempt {@code attempt} (1-based). */
  public Duration delayBefore(int attempt) {
    Duration delay = firstDelay;
    for (int i = 1; i < attempt && delay.compareTo(MAX_DELAY) < 0; i++) {
      delay = delay.multipliedBy(FACTOR);
    }
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }
}
