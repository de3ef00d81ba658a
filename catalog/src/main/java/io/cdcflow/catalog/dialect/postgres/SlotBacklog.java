package io.cdcflow.catalog.dialect.postgres;

/**
 * What a pipeline's replication slots hold back on a PostgreSQL source, in WAL bytes.
 *
 * @param retainedBytes WAL the server keeps because of the slots (current LSN minus the oldest
 *     {@code restart_lsn}): disk that a stopped or slow pipeline costs the source
 * @param unconfirmedBytes current LSN minus the main slot's {@code confirmed_flush_lsn}: changes
 *     the pipeline has not yet confirmed (it confirms on checkpoints)
 * @param active whether a consumer holds the main slot right now
 */
public record SlotBacklog(long retainedBytes, long unconfirmedBytes, boolean active) {}
