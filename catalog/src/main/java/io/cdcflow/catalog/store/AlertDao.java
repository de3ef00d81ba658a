package io.cdcflow.catalog.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Alerts and their state changes. The partial unique index {@code alerts_open_once} keeps at most
 * one open alert per dedup key; every state change enqueues its deliveries in the same transaction.
 */
@RegisterRowMapper(AlertRowMapper.class)
public interface AlertDao extends SqlObject {

  String COLUMNS =
      "id, rule_id, pipeline_id,"
          + " (SELECT p.name FROM pipelines p WHERE p.id = alerts.pipeline_id) AS pipeline_name,"
          + " kind, severity, state, dedup_key, message, details::text AS details, fired_at,"
          + " acknowledged_at, acknowledged_by, resolved_at";

  @SqlQuery("SELECT " + COLUMNS + " FROM alerts WHERE id = :id")
  Optional<AlertRow> find(@Bind("id") UUID id);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM alerts WHERE pipeline_id = :pipeline AND state <> 'RESOLVED' ORDER BY fired_at")
  List<AlertRow> openFor(@Bind("pipeline") UUID pipelineId);

  /** Filters are optional: a null pipeline, kind or bound matches everything. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM alerts
          WHERE state = ANY(:states)
            AND (CAST(:pipeline AS uuid) IS NULL OR pipeline_id = :pipeline)
            AND (CAST(:kind AS text) IS NULL OR kind = :kind)
            AND (CAST(:from AS timestamptz) IS NULL OR fired_at >= :from)
            AND (CAST(:to AS timestamptz) IS NULL OR fired_at < :to)
          ORDER BY fired_at DESC, id
          LIMIT :limit""")
  List<AlertRow> search(
      @Bind("states") String[] states,
      @Bind("pipeline") UUID pipelineId,
      @Bind("kind") String kind,
      @Bind("from") Instant from,
      @Bind("to") Instant to,
      @Bind("limit") int limit);

  @SqlQuery(
      "SELECT pipeline_id, count(*) AS open FROM alerts"
          + " WHERE state <> 'RESOLVED' AND pipeline_id IS NOT NULL GROUP BY pipeline_id")
  @KeyColumn("pipeline_id")
  @ValueColumn("open")
  Map<UUID, Integer> openCounts();

  @SqlQuery(
      "SELECT severity, count(*) AS open FROM alerts WHERE state <> 'RESOLVED' GROUP BY severity")
  @KeyColumn("severity")
  @ValueColumn("open")
  Map<String, Integer> activeBySeverity();

  @SqlQuery(
      """
      INSERT INTO alerts (id, rule_id, pipeline_id, kind, severity, state, dedup_key, message, details)
      VALUES (:id, :ruleId, :pipelineId, :kind, :severity, 'ACTIVE', :dedupKey, :message,
              CAST(:details AS jsonb))
      ON CONFLICT (dedup_key) WHERE state <> 'RESOLVED' DO NOTHING
      RETURNING id""")
  Optional<UUID> insertUnlessOpen(
      @Bind("id") UUID id,
      @Bind("ruleId") UUID ruleId,
      @Bind("pipelineId") UUID pipelineId,
      @Bind("kind") String kind,
      @Bind("severity") String severity,
      @Bind("dedupKey") String dedupKey,
      @Bind("message") String message,
      @Bind("details") String detailsJson);

  @SqlUpdate(
      "UPDATE alerts SET state = 'RESOLVED', resolved_at = now()"
          + " WHERE id = :id AND state <> 'RESOLVED'")
  int markResolved(@Bind("id") UUID id);

  @SqlUpdate(
      "UPDATE alerts SET state = 'ACKNOWLEDGED', acknowledged_at = now(), acknowledged_by = :by"
          + " WHERE id = :id AND state = 'ACTIVE'")
  int acknowledge(@Bind("id") UUID id, @Bind("by") String by);

  /**
   * Opens an alert and enqueues a FIRED delivery per channel, unless an alert with the same dedup
   * key is open already (then nothing is written and the result is empty).
   */
  @Transaction
  default Optional<AlertRow> fire(
      UUID ruleId,
      UUID pipelineId,
      String kind,
      String severity,
      String dedupKey,
      String message,
      String detailsJson,
      List<UUID> channelIds) {
    Optional<UUID> id =
        insertUnlessOpen(
            UUID.randomUUID(), ruleId, pipelineId, kind, severity, dedupKey, message, detailsJson);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    AlertDeliveryDao deliveries = getHandle().attach(AlertDeliveryDao.class);
    channelIds.forEach(channel -> deliveries.enqueue(id.get(), channel, "FIRED"));
    return find(id.get());
  }

  /**
   * Resolves an open alert and enqueues a RESOLVED delivery to each channel that was sent its FIRED
   * event; empty when the alert was resolved already.
   */
  @Transaction
  default Optional<AlertRow> resolve(UUID alertId) {
    if (markResolved(alertId) == 0) {
      return Optional.empty();
    }
    AlertDeliveryDao deliveries = getHandle().attach(AlertDeliveryDao.class);
    deliveries
        .firedChannels(alertId)
        .forEach(channel -> deliveries.enqueue(alertId, channel, "RESOLVED"));
    return find(alertId);
  }
}
