package io.cdcflow.catalog.dialect.postgres;

import java.util.Optional;
import org.postgresql.replication.LogSequenceNumber;

/**
 * A replication slot as {@code pg_replication_slots} shows it.
 *
 * @param confirmedFlushLsn the position its consumer confirmed, as PostgreSQL writes an LSN
 * @param walStatus {@code reserved}, {@code extended}, {@code unreserved} or {@code lost}
 *     (PostgreSQL 13 on; null before): {@code lost} means WAL the slot needed was removed
 * @param safeWalBytes WAL that may still be written before the slot is at risk of losing WAL it
 *     needs ({@code max_slot_wal_keep_size}); null when the size is unlimited
 * @param active whether a client reads the slot now (its position may still move)
 */
public record SlotState(
    String confirmedFlushLsn, String walStatus, Long safeWalBytes, boolean active) {

  /**
   * Why a pipeline's slot can no longer give every change after the position its job continues
   * from; empty when it can. Only asked of a pipeline whose job has run, so the slot was made.
   *
   * @param slot the slot as the source shows it now, empty when it does not exist
   * @param confirmedAtStop where the slot stood when the pipeline's last job stopped cleanly, or
   *     null: no job reads the slot while the pipeline is stopped, so a slot further on was made
   *     again or read by another client
   */
  public static Optional<String> gap(
      String slotName, Optional<SlotState> slot, String confirmedAtStop) {
    if (slot.isEmpty()) {
      return Optional.of(
          "the replication slot "
              + slotName
              + " no longer exists on the source (dropped by hand, or a failover to a server"
              + " without it): the changes made since the pipeline last read it are gone");
    }
    SlotState s = slot.get();
    if (s.lost()) {
      return Optional.of(
          "the replication slot "
              + slotName
              + " lost WAL it still needed (wal_status lost: the source's max_slot_wal_keep_size"
              + " was reached): changes the pipeline has not read are gone");
    }
    if (confirmedAtStop != null
        && s.confirmedFlushLsn() != null
        && lsn(s.confirmedFlushLsn()) > lsn(confirmedAtStop)) {
      return Optional.of(
          "the replication slot "
              + slotName
              + " stands at "
              + s.confirmedFlushLsn()
              + ", past "
              + confirmedAtStop
              + " where the pipeline stopped: it was made again or read by another client, and"
              + " the changes between are gone");
    }
    return Optional.empty();
  }

  /** Whether WAL the slot needed was removed: it can no longer deliver every change. */
  public boolean lost() {
    return "lost".equals(walStatus);
  }

  private static long lsn(String text) {
    return LogSequenceNumber.valueOf(text).asLong();
  }
}
