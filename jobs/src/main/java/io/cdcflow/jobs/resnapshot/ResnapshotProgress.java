package io.cdcflow.jobs.resnapshot;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;

/**
 * Where one table's copy-again stands: asked for, its key ranges being copied while the log goes
 * on, then target rows whose key the source no longer has being removed, then done or failed.
 *
 * @param id increasing within a job, so that a request resent after a task restart is known again
 * @param table the source table, as {@code schema.table}
 * @param origin asked for, or added to the pipeline
 * @param message why it failed, or what it left out; null when nothing to say
 * @param bounds the keys it copies: the whole table, or a range of it (a verifier's finding)
 */
public record ResnapshotProgress(
    long id,
    String table,
    Origin origin,
    Phase phase,
    int rangesDone,
    int rangesTotal,
    long rowsCopied,
    long rowsRemoved,
    long requestedAtMs,
    long finishedAtMs,
    String message,
    KeyBounds bounds)
    implements Serializable {

  public ResnapshotProgress {
    bounds = bounds == null ? KeyBounds.WHOLE : bounds;
  }

  /** Why the table is copied. */
  public enum Origin {
    /** Asked for through the control API (copy again, then remove rows the source lacks). */
    REQUESTED,
    /** Added to the pipeline's tables after its first copy: copied while the others stream. */
    ADDED
  }

  /** The steps, in order. */
  public enum Phase {
    QUEUED,
    COPYING,
    REMOVING_ABSENT,
    DONE,
    FAILED;

    public boolean finished() {
      return this == DONE || this == FAILED;
    }
  }

  void write(DataOutputStream out) throws IOException {
    out.writeLong(id);
    out.writeUTF(table);
    out.writeUTF(origin.name());
    out.writeUTF(phase.name());
    out.writeInt(rangesDone);
    out.writeInt(rangesTotal);
    out.writeLong(rowsCopied);
    out.writeLong(rowsRemoved);
    out.writeLong(requestedAtMs);
    out.writeLong(finishedAtMs);
    out.writeBoolean(message != null);
    if (message != null) {
      out.writeUTF(message);
    }
    bounds.write(out);
  }

  /**
   * @param version the coordinator state's: before 3 a copy-again took the whole table
   */
  static ResnapshotProgress read(DataInputStream in, int version) throws IOException {
    return new ResnapshotProgress(
        in.readLong(),
        in.readUTF(),
        Origin.valueOf(in.readUTF()),
        Phase.valueOf(in.readUTF()),
        in.readInt(),
        in.readInt(),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readBoolean() ? in.readUTF() : null,
        version >= 3 ? KeyBounds.read(in) : KeyBounds.WHOLE);
  }

  static ResnapshotProgress queued(long id, String table, Origin origin, long nowMs) {
    return queued(id, table, origin, KeyBounds.WHOLE, nowMs);
  }

  static ResnapshotProgress queued(
      long id, String table, Origin origin, KeyBounds bounds, long nowMs) {
    return new ResnapshotProgress(
        id, table, origin, Phase.QUEUED, 0, 0, 0, 0, nowMs, 0, null, bounds);
  }

  /** Queued again, from the start (its earlier steps were lost with a restarted task). */
  ResnapshotProgress again() {
    return queued(id, table, origin, bounds, requestedAtMs);
  }

  ResnapshotProgress copying(int rangesTotal) {
    return new ResnapshotProgress(
        id, table, origin, Phase.COPYING, 0, rangesTotal, 0, 0, requestedAtMs, 0, null, bounds);
  }

  ResnapshotProgress rangeCopied(long rows) {
    return counted(1, rows, 0);
  }

  ResnapshotProgress removing() {
    return in(Phase.REMOVING_ABSENT, 0, null);
  }

  ResnapshotProgress removed(long rows) {
    return counted(0, 0, rows);
  }

  ResnapshotProgress done(long nowMs) {
    return in(Phase.DONE, nowMs, message);
  }

  /** Done with the copy, the absent rows not looked for, as {@code why} says. */
  ResnapshotProgress doneWithoutRemoving(String why, long nowMs) {
    return in(Phase.DONE, nowMs, why);
  }

  ResnapshotProgress failed(String why, long nowMs) {
    return in(Phase.FAILED, nowMs, why);
  }

  private ResnapshotProgress in(Phase next, long finishedMs, String note) {
    return new ResnapshotProgress(
        id,
        table,
        origin,
        next,
        rangesDone,
        rangesTotal,
        rowsCopied,
        rowsRemoved,
        requestedAtMs,
        finishedMs,
        note,
        bounds);
  }

  private ResnapshotProgress counted(int ranges, long copied, long removed) {
    return new ResnapshotProgress(
        id,
        table,
        origin,
        phase,
        rangesDone + ranges,
        rangesTotal,
        rowsCopied + copied,
        rowsRemoved + removed,
        requestedAtMs,
        finishedAtMs,
        message,
        bounds);
  }
}
