package io.cdcflow.catalog.store;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What the continuous verifier found: open findings oldest first, recent ones newest first. */
@RegisterRowMapper(VerificationFindingRowMapper.class)
public interface VerificationFindingDao {

  String COLUMNS =
      "id, pipeline_id, source_table, range_from::text AS range_from, range_to::text AS range_to,"
          + " missing_in_target, extra_in_target, different, keys::text AS keys, found_at,"
          + " checked_at, repair_requested_at, resolved_at";

  @SqlQuery(
      """
      INSERT INTO verification_findings (id, pipeline_id, source_table, range_from, range_to,
          missing_in_target, extra_in_target, different, keys)
      VALUES (:id, :pipelineId, :table, CAST(:from AS jsonb), CAST(:to AS jsonb), :missing, :extra,
          :different, CAST(:keys AS jsonb))
      RETURNING\s"""
          + COLUMNS)
  VerificationFindingRow insert(
      @Bind("id") UUID id,
      @Bind("pipelineId") UUID pipelineId,
      @Bind("table") String sourceTable,
      @Bind("from") String rangeFromJson,
      @Bind("to") String rangeToJson,
      @Bind("missing") int missingInTarget,
      @Bind("extra") int extraInTarget,
      @Bind("different") int different,
      @Bind("keys") String keysJson);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM verification_findings WHERE pipeline_id = :id AND resolved_at IS NULL"
          + " ORDER BY found_at")
  List<VerificationFindingRow> open(@Bind("id") UUID pipelineId);

  /** Target rows of the open findings, as {@link VerificationFindingRow#rows()} counts them. */
  @SqlQuery(
      "SELECT coalesce(sum(missing_in_target + extra_in_target + different), 0)"
          + " FROM verification_findings WHERE pipeline_id = :id AND resolved_at IS NULL")
  int openRows(@Bind("id") UUID pipelineId);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM verification_findings WHERE pipeline_id = :id"
          + " ORDER BY found_at DESC LIMIT :limit")
  List<VerificationFindingRow> recent(@Bind("id") UUID pipelineId, @Bind("limit") int limit);

  /** The range checked again and still different: its counts and keys as found now. */
  @SqlUpdate(
      "UPDATE verification_findings SET missing_in_target = :missing, extra_in_target = :extra,"
          + " different = :different, keys = CAST(:keys AS jsonb), checked_at = now()"
          + " WHERE id = :id")
  int stillDifferent(
      @Bind("id") UUID id,
      @Bind("missing") int missingInTarget,
      @Bind("extra") int extraInTarget,
      @Bind("different") int different,
      @Bind("keys") String keysJson);

  @SqlUpdate(
      "UPDATE verification_findings SET resolved_at = now(), checked_at = now()"
          + " WHERE id = :id AND resolved_at IS NULL")
  int resolve(@Bind("id") UUID id);

  @SqlUpdate(
      "UPDATE verification_findings SET repair_requested_at = now()"
          + " WHERE pipeline_id = :pipelineId AND source_table = :table AND resolved_at IS NULL")
  int repairRequested(@Bind("pipelineId") UUID pipelineId, @Bind("table") String sourceTable);

  /** A fresh start empties the targets: what was found before says nothing about what follows. */
  @SqlUpdate(
      "UPDATE verification_findings f SET resolved_at = now() FROM pipelines p"
          + " WHERE p.id = f.pipeline_id AND f.pipeline_id = :id AND f.resolved_at IS NULL"
          + " AND p.fresh_start_at > f.found_at")
  int resolveBeforeFreshStart(@Bind("id") UUID pipelineId);
}
