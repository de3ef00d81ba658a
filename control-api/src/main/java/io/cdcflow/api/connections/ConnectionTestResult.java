package io.cdcflow.api.connections;

import io.cdcflow.catalog.connection.PrerequisiteCheck;
import io.cdcflow.catalog.store.ConnectionTestRow;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of testing a connection: reachable and logged in ({@code success}), what the server
 * is, how far away it is, and each CDC prerequisite. {@code cdcReady} is true only when every
 * prerequisite passed.
 */
public record ConnectionTestResult(
    boolean success,
    boolean cdcReady,
    String serverVersion,
    Double latencyMs,
    String error,
    List<PrerequisiteCheck> checks,
    Instant testedAt) {

  static ConnectionTestResult of(ConnectionTestRow row) {
    return new ConnectionTestResult(
        row.success(),
        row.success() && row.checks().stream().allMatch(PrerequisiteCheck::passed),
        row.serverVersion(),
        row.latencyMs(),
        row.error(),
        row.checks(),
        row.testedAt());
  }
}
