package io.cdcflow.api.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded MiniCluster, driven only through its REST API, as the control API drives it. */
class EmbeddedFlinkClusterTest {

  @TempDir static Path dataDir;

  private static EmbeddedFlinkCluster cluster;
  private static FlinkRestClient client;
  private static Path jar;

  @BeforeAll
  static void start() {
    cluster =
        EmbeddedFlinkCluster.start(
            EmbeddedFlinkCluster.Settings.defaults(dataDir, 0).withTaskManagers(1, 2));
    client = new FlinkRestClient(cluster.restUrl());
    jar = TestJobJar.build(dataDir.resolve("jars"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void servesTheDashboardAndTheRestApiOnItsPort() throws IOException, InterruptedException {
    assertThat(cluster.restUrl().getPort()).isPositive();
    HttpResponse<String> dashboard =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(cluster.restUrl().resolve("/"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(dashboard.statusCode()).isEqualTo(200);
    assertThat(dashboard.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(dashboard.body()).contains("Apache Flink Web Dashboard");

    ClusterOverview overview = client.overview();
    assertThat(overview.flinkVersion()).isEqualTo("1.20.3");
    assertThat(overview.taskManagers()).isEqualTo(1);
    assertThat(overview.slotsTotal()).isEqualTo(2);
    assertThat(client.taskManagers()).hasSize(1);
  }

  @Test
  void uploadsAJarOnceAndReusesItByChecksum() throws IOException {
    FlinkJar first = client.ensureJar(jar, "cdcflow-test-counter");
    FlinkJar second = client.ensureJar(jar, "cdcflow-test-counter");

    assertThat(first.name()).matches("cdcflow-test-counter-[0-9a-f]{16}\\.jar");
    assertThat(first.name())
        .isEqualTo("cdcflow-test-counter-" + FlinkRestClient.sha256(jar).substring(0, 16) + ".jar");
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(client.jars()).filteredOn(j -> j.name().equals(first.name())).hasSize(1);
    FlinkJar other = client.uploadJar(jar, "another-name.jar");
    assertThat(client.jars()).extracting(FlinkJar::id).contains(other.id(), first.id());
    client.deleteJar(other.id());
    assertThat(client.jars()).extracting(FlinkJar::id).doesNotContain(other.id());
    // and on disk, under the data directory, so it outlives a restart
    try (Stream<Path> stored = Files.walk(dataDir.resolve("flink/uploads"))) {
      assertThat(stored.filter(p -> p.getFileName().toString().endsWith(first.name()))).hasSize(1);
    }
  }

  @Test
  void runsCheckpointsStopsWithASavepointAndResumesFromIt() {
    SavepointCycle.run(
        client,
        jar,
        "embedded",
        Optional.of(cluster.savepointsDir()),
        cluster.checkpointsDir(),
        cluster.savepointsDir());
  }

  @Test
  void aTakenPortIsAClearStartFailure(@TempDir Path otherDataDir) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  EmbeddedFlinkCluster.start(
                      EmbeddedFlinkCluster.Settings.defaults(otherDataDir, taken.getLocalPort())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("CDCFLOW_FLINK_UI_PORT");
    }
  }

  @Test
  void checkpointsAndSavepointsLiveUnderTheDataDirectory() {
    assertThat(cluster.checkpointsDir()).isEqualTo(dataDir.resolve("flink/checkpoints"));
    assertThat(cluster.savepointsDir()).isEqualTo(dataDir.resolve("flink/savepoints"));
    assertThat(URI.create(cluster.restUrl().toString()).getHost()).isEqualTo("127.0.0.1");
  }
}
