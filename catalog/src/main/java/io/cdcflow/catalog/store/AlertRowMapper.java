package io.cdcflow.catalog.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class AlertRowMapper implements RowMapper<AlertRow> {

  @Override
  public AlertRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new AlertRow(
        rs.getObject("id", UUID.class),
        rs.getObject("rule_id", UUID.class),
        rs.getObject("pipeline_id", UUID.class),
        rs.getString("pipeline_name"),
        rs.getString("kind"),
        rs.getString("severity"),
        rs.getString("state"),
        rs.getString("dedup_key"),
        rs.getString("message"),
        rs.getString("details"),
        instant(rs.getTimestamp("fired_at")),
        instant(rs.getTimestamp("acknowledged_at")),
        rs.getString("acknowledged_by"),
        instant(rs.getTimestamp("resolved_at")));
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
