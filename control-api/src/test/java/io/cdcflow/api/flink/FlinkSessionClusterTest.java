package io.cdcflow.api.flink;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.apache.flink.configuration.RestOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test harness itself: a cluster that cannot start says why, with its logs. */
class FlinkSessionClusterTest {

  @Test
  void aJobManagerThatCannotStartFailsLoudlyWithItsLogs(@TempDir Path workDir) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  FlinkSessionCluster.start(
                      workDir.resolve("cluster"),
                      conf -> conf.set(RestOptions.PORT, taken.getLocalPort())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("The Flink JobManager process exited with code")
          .hasMessageContaining("jobmanager.log")
          .hasMessageContaining("BindException");
    }
  }
}
