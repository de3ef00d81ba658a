package io.cdcflow.catalog.store;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class AlertRuleRowMapper implements RowMapper<AlertRuleRow> {

  @Override
  public AlertRuleRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    double threshold = rs.getDouble("threshold");
    Double thresholdOrNull = rs.wasNull() ? null : threshold;
    Array channels = rs.getArray("channel_ids");
    List<UUID> channelIds = channels == null ? List.of() : List.of((UUID[]) channels.getArray());
    return new AlertRuleRow(
        rs.getObject("id", UUID.class),
        rs.getObject("pipeline_id", UUID.class),
        rs.getString("pipeline_name"),
        rs.getString("kind"),
        thresholdOrNull,
        rs.getInt("duration_seconds"),
        rs.getString("severity"),
        rs.getBoolean("enabled"),
        rs.getTimestamp("created_at").toInstant(),
        channelIds);
  }
}
