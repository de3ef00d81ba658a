package io.cdcflow.api.quality;

/**
 * One side's row count of a table.
 *
 * @param rows the count or estimate; null when none could be had
 * @param status {@code counted} (exact count(*)), {@code estimated} (the database's statistics),
 *     {@code timed_out}, {@code failed}, or {@code no_table} (the target table does not exist)
 * @param detail why there is no figure, else null
 */
public record RowCount(Long rows, String status, String detail) {

  static final String COUNTED = "counted";
  static final String ESTIMATED = "estimated";
  static final String TIMED_OUT = "timed_out";
  static final String FAILED = "failed";
  static final String NO_TABLE = "no_table";

  static RowCount counted(long rows) {
    return new RowCount(rows, COUNTED, null);
  }

  static RowCount estimated(long rows) {
    return new RowCount(rows < 0 ? null : rows, ESTIMATED, rows < 0 ? "never analysed" : null);
  }

  static RowCount timedOut(long seconds) {
    return new RowCount(null, TIMED_OUT, "count(*) did not finish within " + seconds + " s");
  }

  static RowCount failed(String detail) {
    return new RowCount(null, FAILED, detail);
  }

  static RowCount noTable() {
    return new RowCount(null, NO_TABLE, "the target table does not exist");
  }

  boolean isCounted() {
    return COUNTED.equals(status);
  }
}
