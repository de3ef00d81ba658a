package io.cdcflow.jobs.source;

import java.util.Properties;

/**
 * Debezium options both sources share: exact values (binary as bytes, time with microseconds;
 * decimals are each source's own choice) and each column's source type on its schema, which is how
 * a column added while running gets its target type.
 */
final class DebeziumSettings {

  private DebeziumSettings() {}

  static Properties common() {
    Properties p = new Properties();
    p.setProperty("binary.handling.mode", "bytes");
    p.setProperty("time.precision.mode", "adaptive_time_microseconds");
    p.setProperty("column.propagate.source.type", ".*");
    p.setProperty("tombstones.on.delete", "false");
    return p;
  }
}
