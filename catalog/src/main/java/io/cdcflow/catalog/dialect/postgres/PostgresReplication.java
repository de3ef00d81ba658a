package io.cdcflow.catalog.dialect.postgres;

import io.cdcflow.catalog.discovery.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication objects a pipeline owns on a PostgreSQL source: its publication (limited to the
 * pipeline's tables) and its replication slots (the main slot plus the temporary backfill slots
 * {@code <slot>_<n>} the snapshot readers make, which a crash can leave behind).
 */
public final class PostgresReplication {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresReplication.class);
  private static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,63}");

  private static final String VIA_ROOT = "publish_via_partition_root";

  private final Connection connection;

  public PostgresReplication(Connection connection) {
    this.connection = connection;
  }

  /**
   * Creates the publication for exactly these tables, or changes an existing one to publish exactly
   * them. Needs ownership of the tables (or superuser).
   *
   * <p>From PostgreSQL 13 the publication publishes a partitioned table's changes as the table's
   * own ({@code publish_via_partition_root}): without it each change is reported as its
   * partition's, which the pipeline has not selected, and is lost. A row that an update moves to
   * another partition then arrives as a delete and an insert of the selected table, in that order.
   *
   * @return true when the publication was created or changed
   */
  public boolean ensurePublication(String publication, List<TableId> tables) throws SQLException {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a publication needs at least one table");
    }
    String tableList =
        tables.stream()
            .map(PostgresDialect.INSTANCE::quote)
            .distinct()
            .collect(Collectors.joining(", "));
    String name = PostgresDialect.INSTANCE.quoteIdentifier(publication);
    boolean viaRoot = connection.getMetaData().getDatabaseMajorVersion() >= 13;
    Set<TableId> wanted = new TreeSet<>(tables);
    try (Statement st = connection.createStatement()) {
      Optional<Boolean> publishesViaRoot = publishesViaRoot(publication, viaRoot);
      if (publishesViaRoot.isEmpty()) {
        st.execute(
            "CREATE PUBLICATION "
                + name
                + " FOR TABLE "
                + tableList
                + (viaRoot ? " WITH (" + VIA_ROOT + " = true)" : ""));
        LOG.info("created publication {} for {} tables", publication, wanted.size());
        return true;
      }
      boolean changed = false;
      if (viaRoot && !publishesViaRoot.get()) {
        // a publication made by an earlier version of cdcflow, which lost the changes of
        // partitioned tables; the WAL before this moment is still decoded as it was
        st.execute("ALTER PUBLICATION " + name + " SET (" + VIA_ROOT + " = true)");
        LOG.warn(
            "publication {} now publishes partitioned tables as themselves; a partitioned table"
                + " this pipeline selected before got none of its changes until now: resnapshot it",
            publication);
        changed = true;
      }
      if (!publishedTables(publication).equals(wanted)) {
        st.execute("ALTER PUBLICATION " + name + " SET TABLE " + tableList);
        LOG.info("changed publication {} to {} tables", publication, wanted.size());
        changed = true;
      }
      return changed;
    }
  }

  /**
   * Creates the pipeline's logical slot (pgoutput) unless it exists. A pipeline that copies its
   * tables before streaming makes the slot first: every change committed after this moment stays in
   * the slot's WAL, so the copy may read each table at any later moment and the stream from the
   * slot's start still brings every row to its last state.
   *
   * @return true when the slot was created
   */
  public boolean ensureSlot(String slotName) throws SQLException {
    checkSlotName(slotName);
    if (slotExists(slotName)) {
      return false;
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT lsn FROM pg_create_logical_replication_slot(?, 'pgoutput')")) {
      ps.setString(1, slotName);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        LOG.info("created replication slot {} at {}", slotName, rs.getString(1));
      }
    }
    return true;
  }

  /** The slot's state; empty when no slot has the name. */
  public Optional<SlotState> slot(String slotName) throws SQLException {
    checkSlotName(slotName);
    boolean hasStatus = connection.getMetaData().getDatabaseMajorVersion() >= 13;
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT confirmed_flush_lsn::text, "
                + (hasStatus ? "wal_status, safe_wal_size" : "NULL, NULL")
                + ", active FROM pg_replication_slots WHERE slot_name = ?")) {
      ps.setString(1, slotName);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new SlotState(
                rs.getString(1), rs.getString(2), rs.getObject(3, Long.class), rs.getBoolean(4)));
      }
    }
  }

  private boolean slotExists(String slotName) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
      ps.setString(1, slotName);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The tables a publication publishes, empty when it does not exist. */
  public Set<TableId> publishedTables(String publication) throws SQLException {
    Set<TableId> tables = new TreeSet<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?")) {
      ps.setString(1, publication);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(new TableId(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return tables;
  }

  /** Drops the publication if it exists. */
  public void dropPublication(String publication) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(
          "DROP PUBLICATION IF EXISTS " + PostgresDialect.INSTANCE.quoteIdentifier(publication));
    }
  }

  /**
   * The WAL held back by the pipeline's slots ({@code slotName} and its backfill slots); empty when
   * the main slot does not exist (never started, or dropped).
   */
  public Optional<SlotBacklog> backlog(String slotName) throws SQLException {
    checkSlotName(slotName);
    try (PreparedStatement ps =
        connection.prepareStatement(
            """
            SELECT max(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn))::bigint,
                   max(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn))
                       FILTER (WHERE slot_name = ?)::bigint,
                   bool_or(active) FILTER (WHERE slot_name = ?),
                   count(*) FILTER (WHERE slot_name = ?)
              FROM pg_replication_slots
             WHERE slot_name = ? OR slot_name ~ ?""")) {
      ps.setString(1, slotName);
      ps.setString(2, slotName);
      ps.setString(3, slotName);
      ps.setString(4, slotName);
      ps.setString(5, "^" + slotName + "_[0-9]+$");
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getLong(4) == 0) {
          return Optional.empty();
        }
        return Optional.of(new SlotBacklog(rs.getLong(1), rs.getLong(2), rs.getBoolean(3)));
      }
    }
  }

  /**
   * Drops the pipeline's slots: {@code slotName} and the backfill slots {@code slotName_<n>}. A
   * slot still in use by a running job is not dropped: the call fails naming it.
   *
   * @return the names of the slots dropped
   */
  public List<String> dropSlots(String slotName) throws SQLException {
    checkSlotName(slotName);
    List<String> dropped = new ArrayList<>();
    List<String> active = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT slot_name, active, active_pid FROM pg_replication_slots"
                + " WHERE slot_name = ? OR slot_name ~ ?")) {
      ps.setString(1, slotName);
      ps.setString(2, "^" + slotName + "_[0-9]+$");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getBoolean(2)) {
            active.add(rs.getString(1) + " (pid " + rs.getInt(3) + ")");
          } else {
            dropped.add(rs.getString(1));
          }
        }
      }
    }
    try (PreparedStatement drop =
        connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
      for (String slot : dropped) {
        drop.setString(1, slot);
        drop.execute();
      }
    }
    if (!dropped.isEmpty()) {
      LOG.info("dropped replication slots {}", dropped);
    }
    if (!active.isEmpty()) {
      throw new SQLException(
          "replication slots still in use, stop the pipeline first: " + String.join(", ", active));
    }
    return dropped;
  }

  private static void checkSlotName(String slotName) {
    if (!SLOT_NAME.matcher(slotName).matches()) {
      throw new IllegalArgumentException(
          "slot name '" + slotName + "' must be 1-63 lower-case letters, digits or underscores");
    }
  }

  /** Whether the publication publishes via the partition root; empty when it does not exist. */
  private Optional<Boolean> publishesViaRoot(String publication, boolean hasColumn)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT "
                + (hasColumn ? "pubviaroot" : "false")
                + " FROM pg_publication"
                + " WHERE pubname = ?")) {
      ps.setString(1, publication);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
      }
    }
  }
}
