package io.cdcflow.api.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a caller sees when Flink says no, or says nothing. */
class FlinkRestClientErrorsTest {

  private static final String UNKNOWN_JOB = "0123456789abcdef0123456789abcdef";

  @TempDir static Path dataDir;

  private static EmbeddedFlinkCluster cluster;
  private static FlinkRestClient client;

  @BeforeAll
  static void start() {
    cluster =
        EmbeddedFlinkCluster.start(
            EmbeddedFlinkCluster.Settings.defaults(dataDir, 0).withTaskManagers(1, 1));
    client = new FlinkRestClient(cluster.restUrl());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anUnknownJobIsA404WithFlinksErrorText() {
    assertThatThrownBy(() -> client.job(UNKNOWN_JOB))
        .isInstanceOfSatisfying(
            FlinkClusterException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.isNotFound()).isTrue();
              assertThat(e.errors()).isNotEmpty();
              assertThat(e.getMessage())
                  .contains("GET /jobs/" + UNKNOWN_JOB)
                  .contains("Job " + UNKNOWN_JOB + " not found")
                  .doesNotContain("\tat ");
            });
    assertThatThrownBy(() -> client.checkpoints(UNKNOWN_JOB))
        .isInstanceOfSatisfying(
            FlinkClusterException.class,
            e -> assertThat(e.status()).as(e.getMessage()).isEqualTo(404));
    assertThatThrownBy(() -> client.stopWithSavepoint(UNKNOWN_JOB, Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            FlinkClusterException.class,
            e -> assertThat(e.status()).as(e.getMessage()).isEqualTo(404));
  }

  @Test
  void runningAJarTheClusterDoesNotHaveNamesTheJar() {
    String missing = "00000000-0000-0000-0000-000000000000_missing.jar";
    assertThatThrownBy(() -> client.runJar(missing, JarRun.of("x.Main", List.of())))
        .isInstanceOfSatisfying(
            FlinkClusterException.class,
            e -> {
              // Flink 1.20 answers 500 ("Unhandled exception") with the reason inside
              assertThat(e.status()).isBetween(400, 599);
              assertThat(e.getMessage()).contains(missing).contains("does not exist");
            });
  }

  @Test
  void anUnreachableClusterFailsFastAndSaysWhere() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    FlinkRestClient nowhere = new FlinkRestClient(URI.create("http://127.0.0.1:" + closedPort));
    long started = System.nanoTime();
    assertThatThrownBy(nowhere::overview)
        .isInstanceOfSatisfying(
            FlinkClusterException.class,
            e -> {
              assertThat(e.isUnreachable()).isTrue();
              assertThat(e.status()).isZero();
              assertThat(e.getMessage()).contains("http://127.0.0.1:" + closedPort);
            });
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void malformedIdsNeverReachTheCluster() {
    assertThatThrownBy(() -> client.job("../overview"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.runJar("../../etc/passwd", JarRun.of("x.Main", List.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void summarizesServerSideStackTracesToOneLine() {
    String error =
        "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\n"
            + "\tat org.apache.flink...(JarRunHandler.java:1)\n"
            + "Caused by: java.util.concurrent.CompletionException: wrapped\n"
            + "\tat ...\n"
            + "Caused by: java.lang.ClassNotFoundException: x.Main\n"
            + "\tat ...";
    assertThat(FlinkHttp.summarize(error))
        .isEqualTo(
            "Could not execute application. (caused by java.lang.ClassNotFoundException: x.Main)");
  }
}
