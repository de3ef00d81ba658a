package io.cdcflow.jobs.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The MiniCluster a test class shares: one TaskManager, enough slots for a job at parallelism 2.
 */
public final class FlinkCluster {

  private FlinkCluster() {}

  public static MiniClusterExtension create() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());
  }
}
