package io.cdcflow.api.connections;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.connection.PrerequisiteCheck;
import io.cdcflow.catalog.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Connects to a database and reports what a CDC pipeline needs to know, within a bounded time.
 * Failures are results, not exceptions: an unreachable host or a wrong password is an answer.
 */
public final class ConnectionTester {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final int LATENCY_SAMPLES = 3;

  public ConnectionTestResult test(ConnectionConfig config) {
    Instant now = Instant.now();
    Dialect dialect = Dialect.of(config.type());
    try (Connection connection = JdbcConnector.open(config, CONNECT_TIMEOUT)) {
      String version =
          connection.getMetaData().getDatabaseProductName()
              + " "
              + connection.getMetaData().getDatabaseProductVersion();
      double latency = latencyMs(connection);
      List<PrerequisiteCheck> checks = dialect.checkPrerequisites(connection, config);
      return new ConnectionTestResult(
          true,
          checks.stream().allMatch(PrerequisiteCheck::passed),
          version,
          latency,
          null,
          checks,
          now);
    } catch (SQLException e) {
      return new ConnectionTestResult(
          false, false, null, null, ConnectionErrors.describe(e, config), List.of(), now);
    }
  }

  private static double latencyMs(Connection connection) throws SQLException {
    long best = Long.MAX_VALUE;
    try (Statement st = connection.createStatement()) {
      for (int i = 0; i < LATENCY_SAMPLES; i++) {
        long start = System.nanoTime();
        st.execute("SELECT 1");
        best = Math.min(best, System.nanoTime() - start);
      }
    }
    return Math.round(best / 10_000.0) / 100.0;
  }
}
