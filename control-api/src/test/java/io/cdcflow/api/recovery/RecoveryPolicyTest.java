package io.cdcflow.api.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.catalog.pipeline.PipelineOptions;
import io.cdcflow.catalog.store.PipelineRunRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecoveryPolicyTest {

  @Test
  void delaysTripleUpToTheCap() {
    RecoveryPolicy policy = RecoveryPolicy.DEFAULT;
    assertThat(policy.delayBefore(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.delayBefore(2)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.delayBefore(3)).isEqualTo(Duration.ofSeconds(90));
    assertThat(policy.delayBefore(50)).isEqualTo(RecoveryPolicy.MAX_DELAY);
  }

  @Test
  void pipelineOptionsOverrideTheServerDefaults() {
    PipelineOptions options =
        new PipelineOptions(
                null, null, null, null, null, null, null, null, null, null, 5, 2, null, null, null,
                null)
            .withDefaults(PipelineMode.FULL_LOAD_AND_CDC);
    assertThat(RecoveryPolicy.DEFAULT.forPipeline(options))
        .isEqualTo(new RecoveryPolicy(5, Duration.ofSeconds(2)));
    assertThat(RecoveryPolicy.DEFAULT.forPipeline(PipelineOptions.DEFAULTS))
        .isEqualTo(RecoveryPolicy.DEFAULT);
  }

  @Test
  void attemptsAreTheNewestShortLivedAutoRecoveries() {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    List<PipelineRunRow> newestFirst =
        List.of(
            run("auto-recover", t.plusSeconds(700), t.plusSeconds(710)),
            run("auto-recover", t.plusSeconds(600), t.plusSeconds(620)),
            run("recover", t.plusSeconds(100), t.plusSeconds(110)),
            run("auto-recover", t, t.plusSeconds(5)));
    assertThat(AutoRecovery.attemptsMade(newestFirst)).as("a manual recover resets").isEqualTo(2);
    List<PipelineRunRow> stable =
        List.of(
            run("auto-recover", t.plusSeconds(4000), t.plusSeconds(4001)),
            run("auto-recover", t, t.plusSeconds(3600)));
    assertThat(AutoRecovery.attemptsMade(stable)).as("a run of an hour had recovered").isEqualTo(1);
    assertThat(AutoRecovery.attemptsMade(List.of(run("start", t, t.plusSeconds(1))))).isZero();
  }

  private static PipelineRunRow run(String trigger, Instant started, Instant ended) {
    return new PipelineRunRow(
        UUID.randomUUID(),
        UUID.randomUUID(),
        "0".repeat(32),
        trigger,
        1,
        "FAILED",
        "FAILED",
        null,
        null,
        null,
        null,
        "boom",
        started,
        ended,
        null);
  }
}
