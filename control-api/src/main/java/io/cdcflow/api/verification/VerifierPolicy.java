package io.cdcflow.api.verification;

import java.time.Duration;

/**
 * How hard the continuous verifier works, for the whole server ({@code CDCFLOW_VERIFY_*}).
 *
 * @param rowsPerSecond the most source rows compared per second, over all pipelines (0 = off); the
 *     target side reads about as many
 * @param coreShare the most of one core the verifier's thread uses (its CPU time, reading and
 *     comparing; it pauses for the rest), whatever {@code rowsPerSecond} allows
 * @param chunkRows source rows per compared key range
 * @param recheckAfter the least wait before a range found different is compared again; the
 *     pipeline's current lag is added, so rows still in flight are not taken for a difference
 */
public record VerifierPolicy(
    int rowsPerSecond, double coreShare, int chunkRows, Duration recheckAfter) {

  /** Finds a persisting difference in a table of 1M rows within 5 minutes (200 s a round). */
  public static final VerifierPolicy DEFAULT =
      new VerifierPolicy(5_000, 0.25, 5_000, Duration.ofSeconds(15));

  public VerifierPolicy {
    if (rowsPerSecond < 0 || !(coreShare > 0 && coreShare <= 1) || chunkRows < 2) {
      throw new IllegalArgumentException(
          "verifier: rows per second >= 0, core share in (0, 1], chunk rows >= 2");
    }
  }

  public boolean enabled() {
    return rowsPerSecond > 0;
  }

  /**
   * The pause after a compared range that took {@code took}, of which {@code cpu} on the thread's
   * core, and read {@code rows} source rows: long enough for both the row rate and the core share.
   */
  Duration pauseAfter(Duration took, Duration cpu, int rows) {
    long forRate = Math.round(rows * 1000.0 / rowsPerSecond) - took.toMillis();
    long forShare =
        Math.round(cpu.toMillis() * (1 / coreShare - 1)) - (took.toMillis() - cpu.toMillis());
    return Duration.ofMillis(Math.max(0, Math.max(forRate, forShare)));
  }
}
