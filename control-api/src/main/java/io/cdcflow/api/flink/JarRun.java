package io.cdcflow.api.flink;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@code POST /jars/:jarid/run} should start: the entry class with its arguments, the
 * parallelism, optionally the savepoint or retained checkpoint to restore from, a fixed job id
 * (makes a retried submission recognisable) and per-job Flink configuration.
 */
public record JarRun(
    String entryClass,
    List<String> programArgs,
    OptionalInt parallelism,
    Optional<String> savepointPath,
    boolean allowNonRestoredState,
    Optional<String> jobId,
    Map<String, String> flinkConfiguration) {

  public JarRun {
    Objects.requireNonNull(entryClass, "entryClass");
    if (entryClass.isBlank()) {
      throw new IllegalArgumentException("entryClass must not be blank");
    }
    programArgs = List.copyOf(programArgs);
    Objects.requireNonNull(parallelism, "parallelism");
    Objects.requireNonNull(savepointPath, "savepointPath");
    jobId.ifPresent(FlinkRestClient::checkJobId);
    flinkConfiguration = Map.copyOf(flinkConfiguration);
    if (parallelism.isPresent() && parallelism.getAsInt() < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
  }

  public static JarRun of(String entryClass, List<String> programArgs) {
    return new JarRun(
        entryClass,
        programArgs,
        OptionalInt.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Map.of());
  }

  public JarRun withParallelism(int newParallelism) {
    return new JarRun(
        entryClass,
        programArgs,
        OptionalInt.of(newParallelism),
        savepointPath,
        allowNonRestoredState,
        jobId,
        flinkConfiguration);
  }

  /** Restore from a savepoint or a retained checkpoint (its {@code external_path}). */
  public JarRun restoringFrom(String path, boolean allowNonRestored) {
    return new JarRun(
        entryClass,
        programArgs,
        parallelism,
        Optional.of(path),
        allowNonRestored,
        jobId,
        flinkConfiguration);
  }

  public JarRun withJobId(String fixedJobId) {
    return new JarRun(
        entryClass,
        programArgs,
        parallelism,
        savepointPath,
        allowNonRestoredState,
        Optional.of(fixedJobId),
        flinkConfiguration);
  }

  public JarRun withFlinkConfiguration(Map<String, String> configuration) {
    return new JarRun(
        entryClass,
        programArgs,
        parallelism,
        savepointPath,
        allowNonRestoredState,
        jobId,
        configuration);
  }
}
