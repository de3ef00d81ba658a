package io.cdcflow.catalog.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.catalog.connection.PrerequisiteCheck;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class ConnectionTestRowMapper implements RowMapper<ConnectionTestRow> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<PrerequisiteCheck>> CHECKS = new TypeReference<>() {};

  @Override
  public ConnectionTestRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    double latency = rs.getDouble("latency_ms");
    Double latencyMs = rs.wasNull() ? null : latency;
    try {
      return new ConnectionTestRow(
          rs.getLong("id"),
          rs.getObject("connection_id", UUID.class),
          rs.getTimestamp("tested_at").toInstant(),
          rs.getBoolean("success"),
          rs.getString("server_version"),
          latencyMs,
          rs.getString("error"),
          JSON.readValue(rs.getString("checks"), CHECKS));
    } catch (JsonProcessingException e) {
      throw new SQLException("connection_tests.checks is not a list of checks", e);
    }
  }
}
