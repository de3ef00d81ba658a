package io.cdcflow.catalog.store;

import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.catalog.pipeline.PipelineState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class PipelineRowMapper implements RowMapper<PipelineRow> {

  @Override
  public PipelineRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    int serverId = rs.getInt("server_id_start");
    Integer serverIdStart = rs.wasNull() ? null : serverId;
    return new PipelineRow(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        rs.getString("description"),
        rs.getObject("source_connection_id", UUID.class),
        rs.getObject("target_connection_id", UUID.class),
        PipelineMode.valueOf(rs.getString("mode")),
        rs.getString("definition"),
        PipelineState.valueOf(rs.getString("state")),
        rs.getString("state_reason"),
        rs.getString("slot_name"),
        rs.getString("publication_name"),
        serverIdStart,
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
