package io.cdcflow.api.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.api.flink.testjob.CounterJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate Flink session cluster (JobManager and TaskManager in their own JVMs), reached only
 * through its REST API: the production path.
 */
class RemoteFlinkClusterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path workDir;

  private static FlinkSessionCluster cluster;
  private static FlinkRestClient client;
  private static Path jar;

  @BeforeAll
  static void start() {
    cluster = FlinkSessionCluster.start(workDir.resolve("cluster"));
    client = new FlinkRestClient(cluster.restUrl());
    jar = TestJobJar.build(workDir.resolve("jars"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void runsStopsWithASavepointAndResumesOnTheSessionCluster() {
    ClusterOverview overview = client.overview();
    assertThat(overview.flinkVersion()).isEqualTo("1.20.3");
    assertThat(overview.taskManagers()).isEqualTo(1);

    SavepointCycle.run(
        client,
        jar,
        "remote",
        Optional.empty(), // the cluster's state.savepoints.dir
        cluster.checkpointsDir(),
        cluster.savepointsDir());
  }

  @Test
  void aJobComesBackWhenItsTaskManagerIsKilledAndReplaced() {
    CounterJobProbe probe = new CounterJobProbe(client);
    FlinkJar stored = client.ensureJar(jar, "cdcflow-test-counter");
    String jobId =
        client.runJar(
            stored.id(),
            JarRun.of(TestJobJar.ENTRY_CLASS, TestJobJar.args("failover")).withParallelism(1));
    client.awaitFullyRunning(jobId, TIMEOUT);
    probe.awaitGauge(jobId, CounterJob.LAST_VALUE_GAUGE, 10, TIMEOUT);
    // a checkpoint of a position past 0, so a restore from it is told apart from a fresh start
    probe.awaitNewCheckpoint(jobId, TIMEOUT);

    cluster.killTaskManager();
    cluster.startTaskManager();

    // restarted from its latest checkpoint on the new TaskManager
    CheckpointStats restarted =
        Await.until(
            "job " + jobId + " to restore from a checkpoint and run again",
            TIMEOUT,
            () -> {
              CheckpointStats stats = client.checkpoints(jobId);
              return stats.counts().restored() >= 1 && client.job(jobId).isFullyRunning()
                  ? Optional.of(stats)
                  : Optional.empty();
            });
    assertThat(restarted.latestRestored())
        .hasValueSatisfying(r -> assertThat(r.savepoint()).isFalse());
    assertThat(client.exceptions(jobId).failures()).isNotEmpty();
    long firstAfterRestart = probe.awaitGauge(jobId, CounterJob.FIRST_VALUE_GAUGE, 1, TIMEOUT);
    assertThat(firstAfterRestart).isPositive();
    probe.awaitNewCheckpoint(jobId, TIMEOUT); // and it checkpoints again

    client.cancel(jobId);
    client.awaitJob(jobId, j -> j.state() == JobState.CANCELED, "cancelled", TIMEOUT);
  }
}
