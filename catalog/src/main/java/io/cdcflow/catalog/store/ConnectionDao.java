package io.cdcflow.catalog.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.json.Json;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Stored connections. Name uniqueness is the table's; callers map the violation to a conflict. */
@RegisterRowMapper(ConnectionRowMapper.class)
public interface ConnectionDao {

  String COLUMNS =
      "id, name, type, host, port, database_name, username, password_encrypted, properties,"
          + " created_at, updated_at";

  @SqlQuery("SELECT " + COLUMNS + " FROM connections ORDER BY name")
  List<ConnectionRow> list();

  @SqlQuery("SELECT " + COLUMNS + " FROM connections WHERE id = :id")
  Optional<ConnectionRow> find(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM connections WHERE name = :name")
  Optional<ConnectionRow> findByName(@Bind("name") String name);

  @SqlQuery(
      """
      INSERT INTO connections (id, name, type, host, port, database_name, username,
                               password_encrypted, properties)
      VALUES (:id, :name, :type, :host, :port, :database, :username, :password, :properties)
      RETURNING """
          + " "
          + COLUMNS)
  ConnectionRow insert(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("type") String type,
      @Bind("host") String host,
      @Bind("port") int port,
      @Bind("database") String database,
      @Bind("username") String username,
      @Bind("password") byte[] passwordEncrypted,
      @Bind("properties") @Json Map<String, String> properties);

  @SqlQuery(
      """
      UPDATE connections
         SET name = :name, type = :type, host = :host, port = :port, database_name = :database,
             username = :username, password_encrypted = :password, properties = :properties,
             updated_at = now()
       WHERE id = :id
      RETURNING """
          + " "
          + COLUMNS)
  Optional<ConnectionRow> update(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("type") String type,
      @Bind("host") String host,
      @Bind("port") int port,
      @Bind("database") String database,
      @Bind("username") String username,
      @Bind("password") byte[] passwordEncrypted,
      @Bind("properties") @Json Map<String, String> properties);

  /** Re-encryption during key rotation touches only the password. */
  @SqlUpdate("UPDATE connections SET password_encrypted = :password WHERE id = :id")
  int updatePassword(@Bind("id") UUID id, @Bind("password") byte[] passwordEncrypted);

  @SqlUpdate("DELETE FROM connections WHERE id = :id")
  int delete(@Bind("id") UUID id);

  /** Names of the pipelines that read from or write to the connection. */
  @SqlQuery(
      "SELECT name FROM pipelines WHERE source_connection_id = :id OR target_connection_id = :id"
          + " ORDER BY name")
  List<String> pipelinesUsing(@Bind("id") UUID id);
}
