package io.cdcflow.api.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.api.flink.testjob.CounterJob;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a pipeline goes through, against any cluster: upload (once), run, checkpoint, stop with a
 * savepoint, resume from it with the state intact, cancel.
 */
final class SavepointCycle {

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private SavepointCycle() {}

  /**
   * @param savepointTarget where to write the savepoint; empty: the cluster's configured directory
   * @param checkpointsDir where the cluster retains checkpoints
   * @param savepointsDir where the savepoint must end up
   */
  static void run(
      FlinkRestClient client,
      Path jar,
      String name,
      Optional<Path> savepointTarget,
      Path checkpointsDir,
      Path savepointsDir) {
    CounterJobProbe probe = new CounterJobProbe(client);
    FlinkJar stored = client.ensureJar(jar, "cdcflow-test-counter");
    JarRun run =
        JarRun.of(TestJobJar.ENTRY_CLASS, TestJobJar.args(name))
            .withParallelism(1)
            .withFlinkConfiguration(
                Map.of("pipeline.global-job-parameters", "cdcflow.pipeline:" + name));

    String jobId = client.runJar(stored.id(), run);
    JobDetails running = client.awaitFullyRunning(jobId, TIMEOUT);
    assertThat(running.name()).isEqualTo(CounterJob.NAME_PREFIX + name);
    assertThat(client.jobs()).anySatisfy(j -> assertThat(j.id()).isEqualTo(jobId));
    JobConfig config = client.jobConfig(jobId);
    assertThat(config.name()).isEqualTo(running.name());
    assertThat(config.userConfig()).containsEntry("cdcflow.pipeline", name);

    CheckpointStats.Completed checkpoint = probe.awaitCheckpoint(jobId, TIMEOUT);
    assertThat(checkpoint.savepoint()).isFalse();
    // Flink deletes a checkpoint once a newer one completes, so the one seen may already be gone;
    // what must hold is where it was written and that the job's directory retains one
    Path jobCheckpoints = checkpointsDir.resolve(jobId);
    assertThat(pathOf(checkpoint.externalPath().orElseThrow())).startsWith(jobCheckpoints);
    assertThat(retainedCheckpoints(jobCheckpoints)).isNotEmpty();
    // the count the first run reached; its savepoint is at least this far
    long reached = probe.awaitGauge(jobId, CounterJob.LAST_VALUE_GAUGE, 10, TIMEOUT);
    assertThat(client.jobManagerOperatorMetrics(jobId, probe.vertexId(jobId), List.of()))
        .isNotNull();

    String savepoint =
        savepointTarget
            .map(dir -> client.stopWithSavepoint(jobId, dir.toString(), TIMEOUT))
            .orElseGet(() -> client.stopWithSavepoint(jobId, TIMEOUT));
    Path savepointDir = localPath(savepoint);
    assertThat(savepointDir).startsWith(savepointsDir).isDirectory();
    assertThat(savepointDir.resolve("_metadata")).isRegularFile();
    assertThat(client.awaitJob(jobId, j -> j.state() == JobState.FINISHED, "finished", TIMEOUT))
        .extracting(JobDetails::state)
        .isEqualTo(JobState.FINISHED);

    String resumedId = client.runJar(stored.id(), run.restoringFrom(savepoint, false));
    assertThat(resumedId).isNotEqualTo(jobId);
    client.awaitFullyRunning(resumedId, TIMEOUT);
    CheckpointStats.Restored restored =
        Await.until(
            "job " + resumedId + " to report its restore",
            TIMEOUT,
            () -> client.checkpoints(resumedId).latestRestored());
    assertThat(restored.savepoint()).isTrue();
    assertThat(localPath(restored.externalPath().orElseThrow())).isEqualTo(savepointDir);
    // a fresh job would start counting at 0; the restored one starts where the savepoint was
    long firstAfterRestore = probe.awaitGauge(resumedId, CounterJob.FIRST_VALUE_GAUGE, 0, TIMEOUT);
    assertThat(firstAfterRestore).isGreaterThanOrEqualTo(reached);
    assertThat(client.exceptions(resumedId).failures()).isEmpty();

    client.cancel(resumedId);
    client.awaitJob(resumedId, j -> j.state() == JobState.CANCELED, "cancelled", TIMEOUT);
  }

  static Path localPath(String location) {
    Path path = pathOf(location);
    assertThat(Files.exists(path)).as("%s exists", path).isTrue();
    return path;
  }

  private static Path pathOf(String location) {
    URI uri = URI.create(location);
    return uri.getScheme() == null ? Path.of(location) : Path.of(uri);
  }

  /**
   * By name only: a listing that touches each entry fails when Flink deletes a subsumed checkpoint
   * under it (failed so in CI at 7c3e05a with NoSuchFileException for chk-9).
   */
  private static List<String> retainedCheckpoints(Path jobCheckpoints) {
    String[] names = jobCheckpoints.toFile().list();
    return names == null
        ? List.of()
        : Stream.of(names).filter(name -> name.startsWith("chk-")).toList();
  }
}
