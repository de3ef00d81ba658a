package io.cdcflow.catalog.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored alert channel.
 *
 * @param kind {@code log}, {@code webhook} or {@code slack}
 * @param configJson the channel's settings as a JSON object (url, headers), read by the API
 * @param isDefault true when the channel receives every alert, whatever rule fired it
 */
public record AlertChannelRow(
    UUID id,
    String name,
    String kind,
    String configJson,
    boolean enabled,
    boolean isDefault,
    Instant createdAt) {}
