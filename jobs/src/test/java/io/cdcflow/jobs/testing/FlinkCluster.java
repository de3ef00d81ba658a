package io.cdcflow.jobs.testing;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The MiniCluster a test class shares: one TaskManager, enough slots for a job at parallelism 2.
 * Its REST API refreshes metric values every half second (Flink's default is 10 s), so that a test
 * reading gauges sees the moment it asks about.
 */
public final class FlinkCluster {

  private FlinkCluster() {}

  public static MiniClusterExtension create() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .setConfiguration(configuration())
            .build());
  }

  private static Configuration configuration() {
    Configuration c = new Configuration();
    c.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(500));
    return c;
  }
}
