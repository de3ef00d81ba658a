package io.cdcflow.catalog.store;

import java.time.Instant;

/** One stored value of one pipeline figure at one time (or time bucket). */
public record MetricPoint(String metric, Instant at, double value) {}
