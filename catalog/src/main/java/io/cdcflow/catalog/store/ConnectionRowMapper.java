package io.cdcflow.catalog.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.catalog.connection.DatabaseType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class ConnectionRowMapper implements RowMapper<ConnectionRow> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> PROPERTIES = new TypeReference<>() {};

  @Override
  public ConnectionRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    try {
      return new ConnectionRow(
          rs.getObject("id", UUID.class),
          rs.getString("name"),
          DatabaseType.fromId(rs.getString("type")),
          rs.getString("host"),
          rs.getInt("port"),
          rs.getString("database_name"),
          rs.getString("username"),
          rs.getBytes("password_encrypted"),
          JSON.readValue(rs.getString("properties"), PROPERTIES),
          rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SQLException("connections.properties is not a JSON object of strings", e);
    }
  }
}
