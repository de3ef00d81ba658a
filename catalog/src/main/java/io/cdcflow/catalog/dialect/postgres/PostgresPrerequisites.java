package io.cdcflow.catalog.dialect.postgres;

import io.cdcflow.catalog.connection.PrerequisiteCheck;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What logical replication through pgoutput needs from a PostgreSQL server and role. */
final class PostgresPrerequisites {

  private final Connection connection;

  PostgresPrerequisites(Connection connection) {
    this.connection = connection;
  }

  List<PrerequisiteCheck> check() throws SQLException {
    List<PrerequisiteCheck> checks = new ArrayList<>();
    String walLevel = single("SHOW wal_level");
    checks.add(
        "logical".equals(walLevel)
            ? PrerequisiteCheck.pass("wal_level", "wal_level is logical")
            : PrerequisiteCheck.fail(
                "wal_level",
                "wal_level is " + walLevel + "; set wal_level = logical and restart the server"));

    String replication =
        single(
            "SELECT CASE WHEN rolsuper THEN 'superuser' WHEN rolreplication THEN 'replication'"
                + " ELSE 'none' END FROM pg_roles WHERE rolname = current_user");
    checks.add(
        "none".equals(replication)
            ? PrerequisiteCheck.fail(
                "replication_privilege",
                "role "
                    + single("SELECT current_user")
                    + " has neither REPLICATION nor SUPERUSER; run ALTER ROLE ... WITH REPLICATION")
            : PrerequisiteCheck.pass(
                "replication_privilege", "role has the " + replication + " attribute"));

    int maxSlots = Integer.parseInt(single("SHOW max_replication_slots"));
    int usedSlots = Integer.parseInt(single("SELECT count(*) FROM pg_replication_slots"));
    int freeSlots = maxSlots - usedSlots;
    String slotDetail =
        freeSlots
            + " of "
            + maxSlots
            + " replication slots free (a pipeline needs 1 + parallelism)";
    checks.add(
        freeSlots >= 2
            ? PrerequisiteCheck.pass("replication_slots", slotDetail)
            : PrerequisiteCheck.fail(
                "replication_slots",
                slotDetail + "; raise max_replication_slots or drop unused slots"));

    int maxSenders = Integer.parseInt(single("SHOW max_wal_senders"));
    int usedSenders = Integer.parseInt(single("SELECT count(*) FROM pg_stat_replication"));
    int freeSenders = maxSenders - usedSenders;
    String senderDetail = freeSenders + " of " + maxSenders + " WAL senders free";
    checks.add(
        freeSenders >= 2
            ? PrerequisiteCheck.pass("wal_senders", senderDetail)
            : PrerequisiteCheck.fail("wal_senders", senderDetail + "; raise max_wal_senders"));
    return checks;
  }

  private String single(String sql) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
