package io.cdcflow.catalog.store;

import io.cdcflow.catalog.discovery.TableId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class RecordedColumnsMapper implements RowMapper<RecordedColumns> {

  @Override
  public RecordedColumns map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new RecordedColumns(
        new TableId(rs.getString("source_schema"), rs.getString("source_table")),
        List.of((String[]) rs.getArray("key_columns").getArray()),
        rs.getString("columns"));
  }
}
