package io.cdcflow.api.pipelines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the shaded {@code jobs} jar the control API uploads to Flink: {@code CDCFLOW_JOBS_JAR} when
 * set, else the build's {@code jobs/target/cdcflow-jobs-*-job.jar} or a {@code jobs/} folder next
 * to the working directory (the container image).
 */
public final class JobJar {

  private JobJar() {}

  public static Optional<Path> locate(Optional<String> configured) {
    if (configured.isPresent()) {
      Path path = Path.of(configured.get());
      return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }
    for (Path dir :
        new Path[] {Path.of("jobs/target"), Path.of("../jobs/target"), Path.of("jobs")}) {
      Optional<Path> found = find(dir);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> find(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().matches("cdcflow-jobs-.*-job\\.jar"))
          .map(Path::toAbsolutePath)
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
