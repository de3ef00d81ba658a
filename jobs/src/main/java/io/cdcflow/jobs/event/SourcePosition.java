package io.cdcflow.jobs.event;

/**
 * A change's place in the source's log as one comparable {@code long}: the LSN for PostgreSQL; for
 * MySQL/MariaDB the binlog file's sequence number in the high 32 bits and the byte offset in the
 * low 32 (a binlog file is at most 1 GiB). Larger is newer, so the sink can report the newest it
 * applied and the control API can measure the distance to the server's current position.
 */
public final class SourcePosition {

  private static final long OFFSET_MASK = 0xFFFF_FFFFL;

  private SourcePosition() {}

  /** {@code mysql-bin.000042} at byte 1234; 0 when the file name has no sequence number. */
  public static long ofBinlog(String file, long offset) {
    long sequence = binlogSequence(file);
    if (sequence < 0 || offset < 0 || offset > OFFSET_MASK) {
      return 0;
    }
    return (sequence << 32) | offset;
  }

  /** The sequence number a binlog file name ends with, or -1. */
  public static long binlogSequence(String file) {
    int dot = file == null ? -1 : file.lastIndexOf('.');
    if (dot < 0 || dot == file.length() - 1) {
      return -1;
    }
    try {
      return Long.parseLong(file.substring(dot + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public static long binlogSequenceOf(long position) {
    return position >>> 32;
  }

  public static long binlogOffsetOf(long position) {
    return position & OFFSET_MASK;
  }
}
