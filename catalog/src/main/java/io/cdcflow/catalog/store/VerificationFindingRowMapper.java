package io.cdcflow.catalog.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class VerificationFindingRowMapper implements RowMapper<VerificationFindingRow> {

  @Override
  public VerificationFindingRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new VerificationFindingRow(
        rs.getObject("id", UUID.class),
        rs.getObject("pipeline_id", UUID.class),
        rs.getString("source_table"),
        rs.getString("range_from"),
        rs.getString("range_to"),
        rs.getInt("missing_in_target"),
        rs.getInt("extra_in_target"),
        rs.getInt("different"),
        rs.getString("keys"),
        instant(rs.getTimestamp("found_at")),
        instant(rs.getTimestamp("checked_at")),
        instant(rs.getTimestamp("repair_requested_at")),
        instant(rs.getTimestamp("resolved_at")));
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
