package io.cdcflow.catalog.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class AlertDeliveryRowMapper implements RowMapper<AlertDeliveryRow> {

  @Override
  public AlertDeliveryRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    int code = rs.getInt("response_code");
    Integer responseCode = rs.wasNull() ? null : code;
    return new AlertDeliveryRow(
        rs.getLong("id"),
        rs.getObject("alert_id", UUID.class),
        rs.getObject("channel_id", UUID.class),
        rs.getString("channel_name"),
        rs.getString("event"),
        rs.getInt("attempt"),
        rs.getString("status"),
        responseCode,
        rs.getString("error"),
        instant(rs.getTimestamp("attempted_at")),
        instant(rs.getTimestamp("next_attempt_at")));
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
