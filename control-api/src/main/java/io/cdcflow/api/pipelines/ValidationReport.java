package io.cdcflow.api.pipelines;

import io.cdcflow.catalog.connection.PrerequisiteCheck;
import io.cdcflow.catalog.discovery.TableId;
import java.util.List;

/**
 * What {@code POST /pipelines/{id}/validate} finds: per table whether it can be moved and what
 * happens on the target, the CDC prerequisites of both connections, and structured errors (the
 * pipeline cannot start) and warnings (it can, but look).
 */
public record ValidationReport(
    boolean valid,
    List<Issue> errors,
    List<Issue> warnings,
    List<TableReport> tables,
    List<PrerequisiteCheck> sourcePrerequisites,
    List<PrerequisiteCheck> targetPrerequisites) {

  /** A finding; {@code table} is null when it concerns the pipeline as a whole. */
  public record Issue(String table, String code, String message) {}

  /**
   * @param targetStatus {@code exists}, {@code will_be_created}, {@code missing} (auto-create is
   *     off) or {@code incompatible}
   */
  public record TableReport(
      TableId source,
      TableId target,
      List<String> keyColumns,
      String keySource,
      String targetStatus,
      List<SchemaDiff.ColumnDifference> columns) {}
}
