package io.cdcflow.api.alerting;

/** What a test message to a channel gave. */
public record ChannelTestResult(
    boolean success, Integer responseCode, String error, long latencyMs) {}
