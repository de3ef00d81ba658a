package io.cdcflow.catalog.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The Flink jobs submitted for pipelines, newest first. */
@RegisterRowMapper(PipelineRunRowMapper.class)
public interface PipelineRunDao {

  /**
   * The trigger of a run that starts the pipeline afresh (every table copied again from a new
   * slot). No run before the pipeline's {@link PipelineDao#markFreshStart} is a restore point.
   */
  String FRESH_START = "resnapshot";

  String COLUMNS =
      "id, pipeline_id, flink_job_id, trigger, attempt, state, flink_state, restored_from, savepoint_path,"
          + " last_checkpoint_path, last_checkpoint_at, failure_reason, started_at, ended_at,"
          + " streaming_at";

  @SqlQuery(
      """
      INSERT INTO pipeline_runs (id, pipeline_id, flink_job_id, trigger, attempt, state, restored_from)
      VALUES (:id, :pipelineId, :jobId, :trigger, :attempt, :state, :restoredFrom)
      RETURNING\s"""
          + COLUMNS)
  PipelineRunRow insert(
      @Bind("id") UUID id,
      @Bind("pipelineId") UUID pipelineId,
      @Bind("jobId") String flinkJobId,
      @Bind("trigger") String trigger,
      @Bind("attempt") int attempt,
      @Bind("state") String state,
      @Bind("restoredFrom") String restoredFrom);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM pipeline_runs WHERE pipeline_id = :id ORDER BY started_at DESC LIMIT 1")
  Optional<PipelineRunRow> latest(@Bind("id") UUID pipelineId);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM pipeline_runs WHERE pipeline_id = :id ORDER BY started_at DESC LIMIT :limit")
  List<PipelineRunRow> history(@Bind("id") UUID pipelineId, @Bind("limit") int limit);

  @SqlUpdate("UPDATE pipeline_runs SET flink_state = :flinkState WHERE id = :id")
  int setFlinkState(@Bind("id") UUID id, @Bind("flinkState") String flinkState);

  @SqlUpdate(
      "UPDATE pipeline_runs SET last_checkpoint_path = :path, last_checkpoint_at = :at"
          + " WHERE id = :id AND (last_checkpoint_at IS NULL OR last_checkpoint_at <= :at)")
  int setLastCheckpoint(@Bind("id") UUID id, @Bind("path") String path, @Bind("at") Instant at);

  @SqlUpdate(
      "UPDATE pipeline_runs SET state = :state, flink_state = :flinkState, savepoint_path = :savepoint,"
          + " failure_reason = :reason, ended_at = now() WHERE id = :id")
  int end(
      @Bind("id") UUID id,
      @Bind("state") String state,
      @Bind("flinkState") String flinkState,
      @Bind("savepoint") String savepointPath,
      @Bind("reason") String failureReason);

  /** Records that the run streams now, unless it was seen streaming before. */
  @SqlUpdate(
      "UPDATE pipeline_runs SET streaming_at = now() WHERE id = :id AND streaming_at IS NULL")
  int markStreaming(@Bind("id") UUID id);

  /**
   * Whether a run started since the pipeline was last marked to start afresh has streamed: its slot
   * was made then, and its loss since is a gap in the log. A pipeline whose runs only copied (a
   * full load, or a mode changed since) may never have had one.
   */
  @SqlQuery(
      "SELECT EXISTS (SELECT 1 FROM pipeline_runs WHERE pipeline_id = :id"
          + " AND streaming_at IS NOT NULL"
          + " AND started_at > coalesce((SELECT fresh_start_at FROM pipelines WHERE id = :id),"
          + " '-infinity'))")
  boolean streamedSinceFreshStart(@Bind("id") UUID pipelineId);

  /**
   * The newest retained position of a pipeline: a stop's savepoint or a run's last checkpoint, of a
   * run started since the pipeline was last marked to start afresh.
   */
  @SqlQuery(
      "SELECT coalesce(savepoint_path, last_checkpoint_path) FROM pipeline_runs"
          + " WHERE pipeline_id = :id AND coalesce(savepoint_path, last_checkpoint_path) IS NOT NULL"
          + " AND started_at > coalesce((SELECT fresh_start_at FROM pipelines WHERE id = :id),"
          + " '-infinity') ORDER BY started_at DESC LIMIT 1")
  Optional<String> latestRestorePoint(@Bind("id") UUID pipelineId);
}
