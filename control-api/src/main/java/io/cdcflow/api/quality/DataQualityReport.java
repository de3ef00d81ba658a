package io.cdcflow.api.quality;

import io.cdcflow.api.pipelines.SchemaDiff.ColumnDifference;
import io.cdcflow.catalog.discovery.TableId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Row counts and schema drift of every table of a pipeline, and the pipeline-level summary the
 * metrics collector turns into {@code row_count_mismatch_tables} and {@code schema_drift_columns}.
 */
public record DataQualityReport(
    UUID pipelineId,
    String pipeline,
    Instant checkedAt,
    long exactThreshold,
    Summary summary,
    List<TableQuality> tables) {

  public DataQualityReport {
    tables = List.copyOf(tables);
  }

  static DataQualityReport of(
      UUID id, String pipeline, Instant checkedAt, long threshold, List<TableQuality> tables) {
    return new DataQualityReport(id, pipeline, checkedAt, threshold, Summary.of(tables), tables);
  }

  /**
   * One table: source and target counts, and how the target's columns differ from the spec.
   *
   * @param repair the request that copies the table again while the pipeline streams, when its rows
   *     differ and the pipeline can (FULL_LOAD_AND_CDC); else null
   */
  public record TableQuality(
      TableId sourceTable, TableId targetTable, RowComparison rows, Drift drift, String repair) {}

  /**
   * Source against target rows.
   *
   * @param estimated true when the figures are the databases' statistics, not counts
   * @param match equal exact counts; null when either side is estimated or has no count
   * @param difference target minus source when both are exact counts, else null
   */
  public record RowComparison(
      RowCount source, RowCount target, boolean estimated, Boolean match, Long difference) {

    static RowComparison of(RowCount source, RowCount target) {
      boolean estimated =
          RowCount.ESTIMATED.equals(source.status()) || RowCount.ESTIMATED.equals(target.status());
      if (source.isCounted() && target.isCounted()) {
        return new RowComparison(
            source,
            target,
            false,
            source.rows().equals(target.rows()),
            target.rows() - source.rows());
      }
      return new RowComparison(source, target, estimated, null, null);
    }
  }

  /**
   * The target table against what cdcflow would create for the current source schema.
   *
   * @param driftedColumns the differences, or all expected columns when the target table is missing
   */
  public record Drift(
      boolean targetExists, int driftedColumns, List<ColumnDifference> differences) {

    public Drift {
      differences = List.copyOf(differences);
    }
  }

  /**
   * Over all tables of the report.
   *
   * @param mismatchedTables tables whose exact source and target counts differ
   * @param emptyTargetTables tables whose target is empty (counted exactly) while the source has
   *     rows (counted or estimated)
   * @param uncountedTables tables with a side that timed out, failed or has no table
   * @param driftedColumns columns missing, extra or changed over all tables (a missing target table
   *     counts its expected columns)
   */
  public record Summary(
      int tables,
      int countedTables,
      int estimatedTables,
      int matchingTables,
      int mismatchedTables,
      int uncountedTables,
      int driftedTables,
      int driftedColumns,
      int emptyTargetTables) {

    static Summary of(List<TableQuality> tables) {
      int counted = 0;
      int estimated = 0;
      int matching = 0;
      int mismatched = 0;
      int uncounted = 0;
      int driftedTables = 0;
      int driftedColumns = 0;
      int emptyTargets = 0;
      for (TableQuality t : tables) {
        RowComparison rows = t.rows();
        if (rows.target().isCounted()
            && rows.target().rows() == 0
            && rows.source().rows() != null
            && rows.source().rows() > 0) {
          emptyTargets++;
        }
        if (rows.match() != null) {
          counted++;
          if (rows.match()) {
            matching++;
          } else {
            mismatched++;
          }
        } else if (rows.estimated()
            && rows.source().rows() != null
            && rows.target().rows() != null) {
          estimated++;
        } else {
          uncounted++;
        }
        if (t.drift().driftedColumns() > 0) {
          driftedTables++;
          driftedColumns += t.drift().driftedColumns();
        }
      }
      return new Summary(
          tables.size(),
          counted,
          estimated,
          matching,
          mismatched,
          uncounted,
          driftedTables,
          driftedColumns,
          emptyTargets);
    }
  }
}
