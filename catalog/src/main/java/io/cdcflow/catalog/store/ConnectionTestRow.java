package io.cdcflow.catalog.store;

import io.cdcflow.catalog.connection.PrerequisiteCheck;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One recorded connection test. */
public record ConnectionTestRow(
    long id,
    UUID connectionId,
    Instant testedAt,
    boolean success,
    String serverVersion,
    Double latencyMs,
    String error,
    List<PrerequisiteCheck> checks) {

  public ConnectionTestRow {
    checks = checks == null ? List.of() : List.copyOf(checks);
  }
}
