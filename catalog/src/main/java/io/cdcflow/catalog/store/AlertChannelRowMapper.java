package io.cdcflow.catalog.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class AlertChannelRowMapper implements RowMapper<AlertChannelRow> {

  @Override
  public AlertChannelRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new AlertChannelRow(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        rs.getString("kind"),
        rs.getString("config"),
        rs.getBoolean("enabled"),
        rs.getBoolean("is_default"),
        rs.getTimestamp("created_at").toInstant());
  }
}
