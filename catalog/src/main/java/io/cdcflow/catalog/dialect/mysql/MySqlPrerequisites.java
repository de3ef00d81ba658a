package io.cdcflow.catalog.dialect.mysql;

import io.cdcflow.catalog.connection.PrerequisiteCheck;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What binlog CDC needs from a MySQL or MariaDB server and user. */
final class MySqlPrerequisites {

  private final Connection connection;

  MySqlPrerequisites(Connection connection) {
    this.connection = connection;
  }

  List<PrerequisiteCheck> check() throws SQLException {
    List<PrerequisiteCheck> checks = new ArrayList<>();
    checks.add(expect("log_bin", "ON", "enable the binary log (log_bin) and restart the server"));
    checks.add(expect("binlog_format", "ROW", "set binlog_format = ROW"));
    checks.add(expect("binlog_row_image", "FULL", "set binlog_row_image = FULL"));
    String serverId = variable("server_id");
    checks.add(
        serverId == null || "0".equals(serverId)
            ? PrerequisiteCheck.fail(
                "server_id", "server_id is not set; give the server a non-zero server_id")
            : PrerequisiteCheck.pass("server_id", "server_id is " + serverId));
    checks.add(replicationGrants());
    return checks;
  }

  private PrerequisiteCheck expect(String name, String wanted, String fix) throws SQLException {
    String value = variable(name);
    if (value != null && value.equalsIgnoreCase(wanted)) {
      return PrerequisiteCheck.pass(name, name + " is " + value);
    }
    return PrerequisiteCheck.fail(
        name, name + " is " + (value == null ? "not set" : value) + "; " + fix);
  }

  private PrerequisiteCheck replicationGrants() throws SQLException {
    StringBuilder grants = new StringBuilder();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
      while (rs.next()) {
        grants.append(rs.getString(1).toUpperCase(Locale.ROOT)).append('\n');
      }
    }
    String all = grants.toString();
    boolean allPrivileges = all.contains("GRANT ALL PRIVILEGES ON *.*");
    boolean slave =
        allPrivileges || all.contains("REPLICATION SLAVE") || all.contains("REPLICATION REPLICA");
    // MariaDB 10.5 renamed REPLICATION CLIENT to BINLOG MONITOR and keeps the old name as an alias
    boolean client =
        allPrivileges || all.contains("REPLICATION CLIENT") || all.contains("BINLOG MONITOR");
    if (slave && client) {
      return PrerequisiteCheck.pass(
          "replication_privileges", "user has REPLICATION SLAVE and REPLICATION CLIENT");
    }
    List<String> missing = new ArrayList<>();
    if (!slave) {
      missing.add("REPLICATION SLAVE");
    }
    if (!client) {
      missing.add("REPLICATION CLIENT");
    }
    return PrerequisiteCheck.fail(
        "replication_privileges",
        "user lacks "
            + String.join(" and ", missing)
            + "; GRANT "
            + String.join(", ", missing)
            + " ON *.* TO the user");
  }

  private String variable(String name) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES LIKE '" + name + "'")) {
      return rs.next() ? rs.getString(2) : null;
    }
  }
}
