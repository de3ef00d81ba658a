package io.cdcflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.jobs.spec.PipelineOptions;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;

class RestartStrategyTest {

  @Test
  void attemptsAndDelaysBecomeAnExponentialDelayStrategy() {
    Configuration conf =
        PipelineComposer.restartStrategy(
            PipelineOptions.builder()
                .restartAttempts(4)
                .restartDelay(Duration.ofSeconds(2))
                .restartMaxDelay(Duration.ofSeconds(30))
                .build());
    assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
    assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
        .isEqualTo(4);
    assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(
            conf.get(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD))
        .isEqualTo(PipelineComposer.RESET_BACKOFF_THRESHOLD);
  }

  @Test
  void zeroAttemptsMeansNoRestartAndZeroDelayIsStillValid() {
    assertThat(
            PipelineComposer.restartStrategy(PipelineOptions.builder().restartAttempts(0).build())
                .get(RestartStrategyOptions.RESTART_STRATEGY))
        .isEqualTo("none");
    Configuration conf =
        PipelineComposer.restartStrategy(
            PipelineOptions.builder()
                .restartAttempts(1)
                .restartDelay(Duration.ZERO)
                .restartMaxDelay(Duration.ZERO)
                .build());
    assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF))
        .isPositive();
    assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
        .isEqualTo(
            conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF));
  }
}
