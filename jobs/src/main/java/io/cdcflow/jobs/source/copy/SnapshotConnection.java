package io.cdcflow.jobs.source.copy;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.dialect.mysql.MySqlSnapshotQueries;
import io.cdcflow.catalog.dialect.postgres.PostgresSnapshotQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A source connection in the session the key ranges are planned and read in: the planner's bounds
 * and the reader's text must be written under the same settings.
 */
final class SnapshotConnection {

  private SnapshotConnection() {}

  static Connection open(ConnectionConfig source) throws SQLException {
    List<String> settings =
        switch (source.type()) {
          case POSTGRES -> PostgresSnapshotQueries.SESSION_SETTINGS;
          case MYSQL -> MySqlSnapshotQueries.SESSION_SETTINGS;
        };
    Connection c = JdbcConnector.open(withDriverSettings(source));
    try (Statement s = c.createStatement()) {
      for (String setting : settings) {
        s.execute(setting);
      }
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  private static ConnectionConfig withDriverSettings(ConnectionConfig source) {
    return source.type() == DatabaseType.MYSQL
        ? source.withProperties(MySqlSnapshotQueries.DRIVER_SETTINGS)
        : source;
  }
}
