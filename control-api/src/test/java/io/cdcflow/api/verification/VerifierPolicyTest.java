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
    assertThat(policy.pauseAfter(ms(100), ms(100), 5_000)).isEqualTo(ms(900));
    // 500 rows in 400 ms, all of it on the core: a quarter of a core wants 1.6 s in all
    assertThat(policy.pauseAfter(ms(400), ms(400), 500)).isEqualTo(ms(1200));
    // the same CPU in 1 s, the rest spent waiting for the databases: 0.6 s more
    assertThat(policy.pauseAfter(ms(1000), ms(400), 500)).isEqualTo(ms(600));
    assertThat(new VerifierPolicy(0, 0.25, 5_000, Duration.ZERO).enabled()).isFalse();
    assertThatThrownBy(() -> new VerifierPolicy(1, 0, 5_000, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
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
    // a row changed at the source between the looks is in flight, however wrong both times
    var busy =
        new DifferingKeys(
            List.of(), List.of(), List.of(new DifferentRow(Map.of("id", "7"), List.of("qty"), 1)));
    var busyAgain =
        new DifferingKeys(
            List.of(), List.of(), List.of(new DifferentRow(Map.of("id", "7"), List.of("qty"), 2)));
    assertThat(busy.alsoIn(busyAgain).isEmpty()).isTrue();
    assertThat(busy.alsoIn(busy).different()).hasSize(1);
    // a key at the bound two ranges share is counted once
    DifferingKeys rest = again.without(persisting);
    assertThat(rest.missingInTarget()).containsExactly(Map.of("id", "3"));
    assertThat(rest.different())
        .containsExactly(new DifferentRow(Map.of("id", "6"), List.of("qty")));
  }
}
