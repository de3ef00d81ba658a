package io.cdcflow.catalog.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A persisting difference in one key range of one table of a pipeline.
 *
 * @param rangeFrom the range's inclusive lower key bound as a JSON object (null: unbounded)
 * @param rangeTo its inclusive upper bound, same shape
 * @param keysJson the keys that differed in both checks, as JSON ({@code missing_in_target}, {@code
 *     extra_in_target}, {@code different} with the differing columns)
 */
public record VerificationFindingRow(
    UUID id,
    UUID pipelineId,
    String sourceTable,
    String rangeFrom,
    String rangeTo,
    int missingInTarget,
    int extraInTarget,
    int different,
    String keysJson,
    Instant foundAt,
    Instant checkedAt,
    Instant repairRequestedAt,
    Instant resolvedAt) {

  /** The rows the finding counts as wrong in the target. */
  public int rows() {
    return missingInTarget + extraInTarget + different;
  }
}
