package io.cdcflow.catalog.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class PipelineRunRowMapper implements RowMapper<PipelineRunRow> {

  @Override
  public PipelineRunRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new PipelineRunRow(
        rs.getObject("id", UUID.class),
        rs.getObject("pipeline_id", UUID.class),
        rs.getString("flink_job_id"),
        rs.getString("trigger"),
        rs.getInt("attempt"),
        rs.getString("state"),
        rs.getString("flink_state"),
        rs.getString("restored_from"),
        rs.getString("savepoint_path"),
        rs.getString("last_checkpoint_path"),
        instant(rs.getTimestamp("last_checkpoint_at")),
        rs.getString("failure_reason"),
        instant(rs.getTimestamp("started_at")),
        instant(rs.getTimestamp("ended_at")),
        instant(rs.getTimestamp("streaming_at")));
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
