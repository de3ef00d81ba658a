package io.cdcflow.catalog.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** The delivery attempts of alert events, one row per attempt. */
@RegisterRowMapper(AlertDeliveryRowMapper.class)
public interface AlertDeliveryDao extends SqlObject {

  String COLUMNS =
      "id, alert_id, channel_id,"
          + " (SELECT c.name FROM alert_channels c WHERE c.id = alert_deliveries.channel_id)"
          + " AS channel_name,"
          + " event, attempt, status, response_code, error, attempted_at, next_attempt_at";

  @SqlUpdate(
      "INSERT INTO alert_deliveries (alert_id, channel_id, event, attempt, status)"
          + " VALUES (:alert, :channel, :event, 1, 'PENDING')")
  void enqueue(
      @Bind("alert") UUID alertId, @Bind("channel") UUID channelId, @Bind("event") String event);

  @SqlQuery(
      "SELECT DISTINCT channel_id FROM alert_deliveries WHERE alert_id = :alert AND event = 'FIRED'")
  List<UUID> firedChannels(@Bind("alert") UUID alertId);

  /** Attempts that are due now, oldest first. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM alert_deliveries WHERE status = 'PENDING'"
          + " AND (next_attempt_at IS NULL OR next_attempt_at <= now()) ORDER BY id LIMIT :limit")
  List<AlertDeliveryRow> due(@Bind("limit") int limit);

  @SqlQuery("SELECT " + COLUMNS + " FROM alert_deliveries WHERE alert_id = :alert ORDER BY id")
  List<AlertDeliveryRow> forAlert(@Bind("alert") UUID alertId);

  @SqlUpdate(
      """
      UPDATE alert_deliveries
         SET status = :status, response_code = :code, error = :error, attempted_at = now(),
             next_attempt_at = :next
       WHERE id = :id AND status = 'PENDING'""")
  int finishAttempt(
      @Bind("id") long id,
      @Bind("status") String status,
      @Bind("code") Integer responseCode,
      @Bind("error") String error,
      @Bind("next") Instant nextAttemptAt);

  @SqlUpdate(
      """
      INSERT INTO alert_deliveries (alert_id, channel_id, event, attempt, status, next_attempt_at)
      VALUES (:alert, :channel, :event, :attempt, 'PENDING', :next)""")
  void scheduleRetry(
      @Bind("alert") UUID alertId,
      @Bind("channel") UUID channelId,
      @Bind("event") String event,
      @Bind("attempt") int attempt,
      @Bind("next") Instant nextAttemptAt);

  /**
   * Records the outcome of a PENDING attempt; with {@code retryAt} a failed attempt is followed by
   * a PENDING one due then. False when the attempt was recorded already (nothing written).
   */
  @Transaction
  default boolean record(
      AlertDeliveryRow attempt,
      boolean delivered,
      Integer responseCode,
      String error,
      Instant retryAt) {
    int updated =
        finishAttempt(
            attempt.id(), delivered ? "DELIVERED" : "FAILED", responseCode, error, retryAt);
    if (updated == 0) {
      return false;
    }
    if (!delivered && retryAt != null) {
      scheduleRetry(
          attempt.alertId(), attempt.channelId(), attempt.event(), attempt.attempt() + 1, retryAt);
    }
    return true;
  }
}
