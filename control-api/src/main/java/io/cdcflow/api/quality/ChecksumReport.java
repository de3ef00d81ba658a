package io.cdcflow.api.quality;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.cdcflow.catalog.discovery.TableId;
import java.util.List;
import java.util.Map;

/**
 * Source and target rows of one key range, compared value by value after normalisation.
 *
 * @param from the lower bound used, per key column (null: unbounded)
 * @param to the upper bound used; when the source had more than {@code limit} rows in the range,
 *     the last key read (and {@code truncated} is true)
 * @param skippedColumns source columns the target table lacks (not compared)
 * @param match true when every compared row is present on both sides with equal values
 * @param sourceDigest SHA-256 over the source's normalised rows in key order (equal digests mean
 *     equal rows)
 * @param samples the first keys of each kind of difference
 */
public record ChecksumReport(
    String pipeline,
    TableId table,
    TableId targetTable,
    List<String> keyColumns,
    Map<String, String> from,
    Map<String, String> to,
    int limit,
    boolean truncated,
    List<String> comparedColumns,
    List<String> skippedColumns,
    int sourceRows,
    int targetRows,
    int matching,
    int missingInTarget,
    int extraInTarget,
    int different,
    boolean match,
    String sourceDigest,
    String targetDigest,
    Samples samples) {

  /** Keys as column → normalised value; differing rows with the names of the differing columns. */
  public record Samples(
      List<Map<String, String>> missingInTarget,
      List<Map<String, String>> extraInTarget,
      List<DifferentRow> different) {}

  /**
   * @param sourceVersion a hash of the source row's values, to tell a row changed at the source
   *     between two looks (in flight) from one that stayed wrong; not part of the answer
   */
  public record DifferentRow(
      Map<String, String> key, List<String> columns, @JsonIgnore Integer sourceVersion) {

    public DifferentRow(Map<String, String> key, List<String> columns) {
      this(key, columns, null);
    }
  }
}
