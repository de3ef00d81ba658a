package io.cdcflow.api.verification;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.verification.TableWalk.RoundView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the continuous verifier knows of one pipeline.
 *
 * @param verifying whether it compares the pipeline now (a streaming FULL_LOAD_AND_CDC pipeline,
 *     with the verifier on)
 * @param rowsMismatched target rows of the open findings
 * @param round the round under way; null between rounds
 * @param lastRound the newest round done; null before the first
 * @param suspectRanges ranges found different once, waiting for the lag to pass
 * @param findings the open findings and the newest resolved ones, newest first
 */
public record VerificationView(
    String pipeline,
    boolean enabled,
    boolean verifying,
    boolean autoRepair,
    int rowsMismatched,
    RoundView round,
    LastRound lastRound,
    double sourceRowsPerSecond,
    double targetRowsPerSecond,
    int suspectRanges,
    List<Finding> findings) {

  public record LastRound(Instant endedAt, double seconds, long rowsCompared) {}

  /**
   * A persisting difference in one key range.
   *
   * @param from the range's inclusive lower key bound, per key column (null: unbounded)
   * @param keys the keys wrong in both checks: missing_in_target, extra_in_target, different (with
   *     the differing columns); up to 1,000 of each per range
   */
  public record Finding(
      UUID id,
      String table,
      JsonNode from,
      JsonNode to,
      int missingInTarget,
      int extraInTarget,
      int different,
      JsonNode keys,
      Instant foundAt,
      Instant checkedAt,
      Instant repairRequestedAt,
      Instant resolvedAt) {}
}
