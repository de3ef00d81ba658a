package io.cdcflow.catalog.store;

import io.cdcflow.catalog.connection.PrerequisiteCheck;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.json.Json;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The history of connection tests, newest first. */
@RegisterRowMapper(ConnectionTestRowMapper.class)
public interface ConnectionTestDao {

  String COLUMNS =
      "id, connection_id, tested_at, success, server_version, latency_ms, error, checks";

  @SqlQuery(
      """
      INSERT INTO connection_tests (connection_id, success, server_version, latency_ms, error, checks)
      VALUES (:connectionId, :success, :serverVersion, :latencyMs, :error, :checks)
      RETURNING """
          + " "
          + COLUMNS)
  ConnectionTestRow insert(
      @Bind("connectionId") UUID connectionId,
      @Bind("success") boolean success,
      @Bind("serverVersion") String serverVersion,
      @Bind("latencyMs") Double latencyMs,
      @Bind("error") String error,
      @Bind("checks") @Json List<PrerequisiteCheck> checks);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM connection_tests WHERE connection_id = :connectionId"
          + " ORDER BY tested_at DESC, id DESC LIMIT :limit")
  List<ConnectionTestRow> history(
      @Bind("connectionId") UUID connectionId, @Bind("limit") int limit);
}
