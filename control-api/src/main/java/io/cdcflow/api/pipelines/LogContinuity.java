package io.cdcflow.api.pipelines;

import io.cdcflow.api.connections.ConnectionService;
import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.dialect.mysql.MySqlBinlog;
import io.cdcflow.catalog.dialect.postgres.PostgresReplication;
import io.cdcflow.catalog.dialect.postgres.SlotState;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a pipeline's change log at the source still holds every change after the position its
 * next job continues from. For a PostgreSQL source that is its replication slot ({@link
 * SlotState#gap}); where the slot stood when the pipeline's last job stopped cleanly is recorded,
 * since nothing may move it while the pipeline is stopped.
 */
public final class LogContinuity {

  private static final Logger LOG = LoggerFactory.getLogger(LogContinuity.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SETTLE = Duration.ofSeconds(10);

  /** How the state reason of a pipeline stopped by a gap in its log begins. */
  static final String GAP = "change log gap: ";

  /** How Flink CDC's binlog reader says the position it is to resume from is gone. */
  private static final String FLINK_CDC_PURGED = "no longer available on the server";

  private final ConnectionService connections;
  private final PipelineDao pipelines;

  public LogContinuity(ConnectionService connections, PipelineDao pipelines) {
    this.connections = connections;
    this.pipelines = pipelines;
  }

  /** Whether the pipeline's state reason says its log has a gap (no use retrying its job). */
  public static boolean isGap(String stateReason) {
    return stateReason != null && stateReason.startsWith(GAP);
  }

  /**
   * Why the log no longer holds every change after the pipeline's position; empty when it does,
   * when the pipeline keeps no slot, or when the source cannot be asked (the job then fails on its
   * own, and says why).
   */
  Optional<String> gap(PipelineRow row) {
    try (Connection c = openIfSlotKept(row)) {
      if (c == null) {
        return Optional.empty();
      }
      return SlotState.gap(
          row.slotName(),
          new PostgresReplication(c).slot(row.slotName()),
          pipelines.slotConfirmedLsn(row.id()));
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "Pipeline '{}': cannot check its replication slot {}: {}",
          row.name(),
          row.slotName(),
          e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Why a job of a MySQL/MariaDB pipeline cannot go on, when it failed because the binlog it
   * resumes from is no longer on the source (purged, or a failover to a server without it); empty
   * for any other failure. Its position lives only in the job's state, so the job is what finds
   * this: Flink CDC's binlog reader checks the files (and GTIDs) before it reads.
   */
  Optional<String> purgedBinlog(PipelineRow row, Supplier<String> whyItFailed) {
    if (connections.config(row.sourceConnectionId()).type() != DatabaseType.MYSQL) {
      return Optional.empty();
    }
    String failure = whyItFailed.get();
    if (failure == null || !failure.contains("binlog") || !failure.contains(FLINK_CDC_PURGED)) {
      return Optional.empty();
    }
    return Optional.of(
        "the binlog position the pipeline resumes from is no longer on the source (purged: "
            + retention(row)
            + "), so the changes after it are gone");
  }

  private String retention(PipelineRow row) {
    try (Connection c = JdbcConnector.open(connections.config(row.sourceConnectionId()), TIMEOUT)) {
      return new MySqlBinlog(c)
          .retentionSeconds()
          .map(s -> "the source keeps binlogs " + s + " s (binlog_expire_logs_seconds)")
          .orElse("the source keeps binlogs until purged by hand");
    } catch (SQLException | RuntimeException e) {
      return "how long the source keeps binlogs is unknown: " + e.getMessage();
    }
  }

  /** What the state reason of a pipeline stopped by a gap names as the way out. */
  static String wayOut(PipelineRow row) {
    if (row.mode() == PipelineMode.CDC_ONLY) {
      return "a CDC_ONLY pipeline copies nothing, so change its mode to FULL_LOAD_AND_CDC and POST"
          + " /api/pipelines/"
          + row.name()
          + "/resnapshot to copy every table again";
    }
    return "POST /api/pipelines/"
        + row.name()
        + "/resnapshot (./cdcflow resnapshot "
        + row.name()
        + " --all) empties the target tables and copies every table again"
        + (row.slotName() == null ? "" : " from a new slot");
  }

  /** Records where the slot stands, after the pipeline's job stopped cleanly. */
  void recordStop(PipelineRow row) {
    try (Connection c = openIfSlotKept(row)) {
      if (c == null) {
        return;
      }
      String lsn = settled(new PostgresReplication(c), row.slotName()).orElse(null);
      pipelines.setSlotConfirmedLsn(row.id(), lsn);
    } catch (SQLException | RuntimeException e) {
      // without the record the next start checks only that the slot exists and is not lost
      LOG.warn(
          "Pipeline '{}' stopped; where its slot {} stands is unknown: {}",
          row.name(),
          row.slotName(),
          e.getMessage());
    }
  }

  /**
   * Where the slot stands once the stopped job's reader has let go of it: until then the walsender
   * may still take the reader's last confirmation, and a position read too early would make the
   * next start see a gap that is none.
   */
  private static Optional<String> settled(PostgresReplication replication, String slotName)
      throws SQLException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    Optional<SlotState> slot = replication.slot(slotName);
    while (slot.isPresent() && slot.get().active() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      slot = replication.slot(slotName);
    }
    if (slot.isPresent() && slot.get().active()) {
      // still read: by the stopped job's late reader or by another client; either way no record
      LOG.warn("Replication slot {} is still read after its job stopped", slotName);
      return Optional.empty();
    }
    return slot.map(SlotState::confirmedFlushLsn);
  }

  /** Forgets the recorded position: a job reads the slot from now on and moves it. */
  void forget(PipelineRow row) {
    pipelines.setSlotConfirmedLsn(row.id(), null);
  }

  /**
   * A connection to the source when the pipeline keeps a slot there (a PostgreSQL source that
   * streams), else null.
   */
  private Connection openIfSlotKept(PipelineRow row) throws SQLException {
    if (row.slotName() == null || row.mode() == PipelineMode.FULL_LOAD_ONLY) {
      return null;
    }
    ConnectionConfig source = connections.config(row.sourceConnectionId());
    return source.type() == DatabaseType.POSTGRES ? JdbcConnector.open(source, TIMEOUT) : null;
  }
}
