package io.cdcflow.catalog.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One attempt to deliver an alert event to a channel. A failed attempt that will be retried is
 * followed by a PENDING row with the next attempt number, due at {@code nextAttemptAt}.
 *
 * @param event {@code FIRED} or {@code RESOLVED}
 * @param status {@code PENDING}, {@code DELIVERED} or {@code FAILED}
 */
public record AlertDeliveryRow(
    long id,
    UUID alertId,
    UUID channelId,
    String channelName,
    String event,
    int attempt,
    String status,
    Integer responseCode,
    String error,
    Instant attemptedAt,
    Instant nextAttemptAt) {}
