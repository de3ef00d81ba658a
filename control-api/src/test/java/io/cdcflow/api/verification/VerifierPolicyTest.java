package io.cdcflow.api.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.api.quality.ChecksumReport.DifferentRow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifierPolicyTest {

  private final VerifierPolicy policy = new VerifierPolicy(5_000, 0.25, 5_000, Duration.ZERO);

  @Test
  void thePauseKeepsBothTheRowRateAndTheCoreShare() {
    // 5,000 rows in 100 ms: the rate wants 1 s in all, so 900 ms more
    assertThat(policy.pauseAfter(Duration.ofMillis(100), 5_000)).isEqualTo(Duration.ofMillis(900));
    // 500 rows in 400 ms: a quarter of a core wants three times the busy time as pause
    assertThat(policy.pauseAfter(Duration.ofMillis(400), 500)).isEqualTo(Duration.ofMillis(1200));
    assertThat(new VerifierPolicy(0, 0.25, 5_000, Duration.ZERO).enabled()).isFalse();
    assertThatThrownBy(() -> new VerifierPolicy(1, 0, 5_000, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyKeysWrongTheSameWayBothTimesPersist() {
    var first =
        new DifferingKeys(
            List.of(Map.of("id", "1"), Map.of("id", "2")),
            List.of(Map.of("id", "9")),
            List.of(new DifferentRow(Map.of("id", "5"), List.of("qty"))));
    var again =
        new DifferingKeys(
            List.of(Map.of("id", "2"), Map.of("id", "3")),
            List.of(Map.of("id", "1")),
            List.of(
                new DifferentRow(Map.of("id", "5"), List.of("name")),
                new DifferentRow(Map.of("id", "6"), List.of("qty"))));
    DifferingKeys persisting = first.alsoIn(again);
    assertThat(persisting.missingInTarget()).containsExactly(Map.of("id", "2"));
    assertThat(persisting.extraInTarget()).isEmpty();
    assertThat(persisting.different())
        .containsExactly(new DifferentRow(Map.of("id", "5"), List.of("name")));
    assertThat(first.alsoIn(new DifferingKeys(List.of(), List.of(), List.of())).isEmpty()).isTrue();
  }
}
