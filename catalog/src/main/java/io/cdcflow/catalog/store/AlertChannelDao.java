package io.cdcflow.catalog.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Where alerts go. Name uniqueness is the table's; callers map the violation to a conflict. */
@RegisterRowMapper(AlertChannelRowMapper.class)
public interface AlertChannelDao {

  String COLUMNS = "id, name, kind, config::text AS config, enabled, is_default, created_at";

  @SqlQuery("SELECT " + COLUMNS + " FROM alert_channels ORDER BY name")
  List<AlertChannelRow> list();

  @SqlQuery("SELECT " + COLUMNS + " FROM alert_channels WHERE id = :id")
  Optional<AlertChannelRow> find(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM alert_channels WHERE name = :name")
  Optional<AlertChannelRow> findByName(@Bind("name") String name);

  @SqlQuery(
      """
      INSERT INTO alert_channels (id, name, kind, config, enabled, is_default)
      VALUES (:id, :name, :kind, CAST(:config AS jsonb), :enabled, :isDefault)
      RETURNING\s"""
          + COLUMNS)
  AlertChannelRow insert(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("kind") String kind,
      @Bind("config") String configJson,
      @Bind("enabled") boolean enabled,
      @Bind("isDefault") boolean isDefault);

  @SqlQuery(
      """
      UPDATE alert_channels
         SET name = :name, kind = :kind, config = CAST(:config AS jsonb), enabled = :enabled,
             is_default = :isDefault
       WHERE id = :id
      RETURNING\s"""
          + COLUMNS)
  Optional<AlertChannelRow> update(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("kind") String kind,
      @Bind("config") String configJson,
      @Bind("enabled") boolean enabled,
      @Bind("isDefault") boolean isDefault);

  @SqlUpdate("DELETE FROM alert_channels WHERE id = :id")
  int delete(@Bind("id") UUID id);
}
