package io.cdcflow.catalog.store;

import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** Stored pipelines and the tables each one moves. */
@RegisterRowMapper(PipelineRowMapper.class)
@RegisterRowMapper(PipelineTableRowMapper.class)
public interface PipelineDao extends SqlObject {

  String COLUMNS =
      "id, name, description, source_connection_id, target_connection_id, mode, definition::text AS definition,"
          + " state, state_reason, slot_name, publication_name, server_id_start, created_at, updated_at";

  @SqlQuery("SELECT " + COLUMNS + " FROM pipelines ORDER BY name")
  List<PipelineRow> list();

  @SqlQuery("SELECT " + COLUMNS + " FROM pipelines WHERE id = :id")
  Optional<PipelineRow> find(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM pipelines WHERE name = :name")
  Optional<PipelineRow> findByName(@Bind("name") String name);

  @SqlQuery(
      """
      INSERT INTO pipelines (id, name, description, source_connection_id, target_connection_id, mode,
                             definition, slot_name, publication_name, server_id_start)
      VALUES (:id, :name, :description, :source, :target, :mode, CAST(:definition AS jsonb),
              :slotName, :publicationName,
              (SELECT coalesce(max(server_id_start) + 64, 5400) FROM pipelines))
      RETURNING\s"""
          + COLUMNS)
  PipelineRow insert(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("description") String description,
      @Bind("source") UUID source,
      @Bind("target") UUID target,
      @Bind("mode") String mode,
      @Bind("definition") String definitionJson,
      @Bind("slotName") String slotName,
      @Bind("publicationName") String publicationName);

  @SqlQuery(
      """
      UPDATE pipelines
         SET description = :description, source_connection_id = :source, target_connection_id = :target,
             mode = :mode, definition = CAST(:definition AS jsonb), updated_at = now()
       WHERE id = :id
      RETURNING\s"""
          + COLUMNS)
  PipelineRow update(
      @Bind("id") UUID id,
      @Bind("description") String description,
      @Bind("source") UUID source,
      @Bind("target") UUID target,
      @Bind("mode") String mode,
      @Bind("definition") String definitionJson);

  @SqlUpdate(
      "UPDATE pipelines SET state = :state, state_reason = :reason, updated_at = now() WHERE id = :id")
  int setState(
      @Bind("id") UUID id, @Bind("state") PipelineState state, @Bind("reason") String reason);

  /**
   * Moves the state only if it is still the expected one, so concurrent requests cannot both win.
   */
  @SqlUpdate(
      "UPDATE pipelines SET state = :to, state_reason = :reason, updated_at = now()"
          + " WHERE id = :id AND state = :from")
  int compareAndSetState(
      @Bind("id") UUID id,
      @Bind("from") PipelineState from,
      @Bind("to") PipelineState to,
      @Bind("reason") String reason);

  @SqlUpdate("DELETE FROM pipelines WHERE id = :id")
  int delete(@Bind("id") UUID id);

  /** The uid of the source operator of the last submitted job; null before the first. */
  @SqlQuery("SELECT source_state_id FROM pipelines WHERE id = :id")
  String sourceStateId(@Bind("id") UUID id);

  @SqlUpdate("UPDATE pipelines SET source_state_id = :stateId WHERE id = :id")
  int setSourceStateId(@Bind("id") UUID id, @Bind("stateId") String stateId);

  /**
   * Where the pipeline's slot stood when its last job stopped cleanly; null while a job runs, and
   * after a job that ended any other way.
   */
  @SqlQuery("SELECT slot_confirmed_lsn FROM pipelines WHERE id = :id")
  String slotConfirmedLsn(@Bind("id") UUID id);

  @SqlUpdate("UPDATE pipelines SET slot_confirmed_lsn = :lsn WHERE id = :id")
  int setSlotConfirmedLsn(@Bind("id") UUID id, @Bind("lsn") String lsn);

  @SqlQuery(
      "SELECT source_schema, source_table, target_schema, target_table, key_columns, explicit,"
          + " copied_at, missing_since FROM pipeline_tables WHERE pipeline_id = :id"
          + " ORDER BY source_schema, source_table")
  List<PipelineTableRow> tables(@Bind("id") UUID pipelineId);

  @SqlUpdate("DELETE FROM pipeline_tables WHERE pipeline_id = :id")
  void clearTables(@Bind("id") UUID pipelineId);

  /**
   * Marks every table of the pipeline as copied, now, when its first copy has ended: none was
   * copied before (tables added later are copied while the others stream, each marked on its own).
   */
  @SqlUpdate(
      "UPDATE pipeline_tables SET copied_at = now() WHERE pipeline_id = :id AND copied_at IS NULL"
          + " AND NOT EXISTS (SELECT 1 FROM pipeline_tables p"
          + " WHERE p.pipeline_id = :id AND p.copied_at IS NOT NULL)")
  int markFirstCopyEnded(@Bind("id") UUID pipelineId);

  /**
   * Marks the pipeline to start afresh, before its targets are emptied: no run started before now
   * is a restore point ({@link PipelineRunDao#latestRestorePoint}).
   */
  @SqlUpdate("UPDATE pipelines SET fresh_start_at = now() WHERE id = :id")
  int markFreshStart(@Bind("id") UUID pipelineId);

  /** Records whether the source still has the table (kept since the first time it had not). */
  @SqlUpdate(
      "UPDATE pipeline_tables SET missing_since = CASE WHEN :missing"
          + " THEN coalesce(missing_since, now()) END"
          + " WHERE pipeline_id = :id AND source_schema = :schema AND source_table = :table")
  int setMissing(
      @Bind("id") UUID pipelineId,
      @Bind("schema") String schema,
      @Bind("table") String table,
      @Bind("missing") boolean missing);

  /** Forgets every table's copy: the pipeline is to copy them all again. */
  @SqlUpdate("UPDATE pipeline_tables SET copied_at = NULL WHERE pipeline_id = :id")
  int clearCopied(@Bind("id") UUID pipelineId);

  /** Marks one table as copied, now: its copy while the others streamed has ended. */
  @SqlUpdate(
      "UPDATE pipeline_tables SET copied_at = now() WHERE pipeline_id = :id"
          + " AND source_schema = :schema AND source_table = :table AND copied_at IS NULL")
  int markTableCopied(
      @Bind("id") UUID pipelineId, @Bind("schema") String schema, @Bind("table") String table);

  /**
   * Replaces the stored table list in one transaction. A table that stays, with the same target
   * table, keeps its {@code copiedAt}; the given rows' own {@code copiedAt} is not read.
   */
  @Transaction
  default void replaceTables(UUID pipelineId, List<PipelineTableRow> tables) {
    Map<TableId, PipelineTableRow> before = new HashMap<>();
    tables(pipelineId).forEach(t -> before.put(t.source(), t));
    insertTables(
        pipelineId,
        tables,
        t -> {
          PipelineTableRow old = before.get(t.source());
          return old != null && old.target().equals(t.target()) ? old.copiedAt() : null;
        });
  }

  /** Puts back a table list as {@link #tables} read it, {@code copiedAt} included. */
  @Transaction
  default void restoreTables(UUID pipelineId, List<PipelineTableRow> tables) {
    insertTables(pipelineId, tables, PipelineTableRow::copiedAt);
  }

  private void insertTables(
      UUID pipelineId, List<PipelineTableRow> tables, Function<PipelineTableRow, Instant> copied) {
    clearTables(pipelineId);
    PreparedBatch batch =
        getHandle()
            .prepareBatch(
                """
                INSERT INTO pipeline_tables (pipeline_id, source_schema, source_table, target_schema,
                                             target_table, key_columns, explicit, copied_at)
                VALUES (:id, :sourceSchema, :sourceTable, :targetSchema, :targetTable, :keys, :explicit,
                        :copiedAt)
                """);
    for (PipelineTableRow t : tables) {
      Instant copiedAt = copied.apply(t);
      batch
          .bindByType(
              "copiedAt",
              copiedAt == null ? null : copiedAt.atOffset(ZoneOffset.UTC),
              OffsetDateTime.class)
          .bind("id", pipelineId)
          .bind("sourceSchema", t.source().schema())
          .bind("sourceTable", t.source().name())
          .bind("targetSchema", t.target().schema())
          .bind("targetTable", t.target().name())
          .bind("keys", t.keyColumns().toArray(String[]::new))
          .bind("explicit", t.explicit())
          .add();
    }
    if (!tables.isEmpty()) {
      batch.execute();
    }
  }
}
