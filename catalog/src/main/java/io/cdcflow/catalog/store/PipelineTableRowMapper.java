package io.cdcflow.catalog.store;

import io.cdcflow.catalog.discovery.TableId;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class PipelineTableRowMapper implements RowMapper<PipelineTableRow> {

  @Override
  public PipelineTableRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    Array keys = rs.getArray("key_columns");
    return new PipelineTableRow(
        new TableId(rs.getString("source_schema"), rs.getString("source_table")),
        new TableId(rs.getString("target_schema"), rs.getString("target_table")),
        keys == null ? List.of() : List.of((String[]) keys.getArray()),
        rs.getBoolean("explicit"),
        instant(rs.getObject("copied_at", OffsetDateTime.class)),
        instant(rs.getObject("missing_since", OffsetDateTime.class)));
  }

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }
}
