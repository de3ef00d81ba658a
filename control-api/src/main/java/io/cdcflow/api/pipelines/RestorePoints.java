package io.cdcflow.api.pipelines;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Picks the checkpoint to restore from. The catalog learns a job's newest checkpoint only when the
 * watcher looks (every few seconds), while Flink keeps just the last few and deletes older ones:
 * with a 1 s interval the recorded one may already be gone when a job has vanished (a restarted
 * embedded cluster) and only its directory is left. For checkpoints on a file system this process
 * can see, the newest complete {@code chk-N} of the same job directory is used instead; anything
 * else (savepoints, remote storage) is returned as recorded, and Flink says so if it is gone.
 */
final class RestorePoints {

  private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");

  private RestorePoints() {}

  static String freshest(String recorded) {
    Optional<Path> path = localPath(recorded);
    if (path.isEmpty() || !CHECKPOINT.matcher(path.get().getFileName().toString()).matches()) {
      return recorded;
    }
    Path jobDir = path.get().getParent();
    if (jobDir == null || !Files.isDirectory(jobDir)) {
      return recorded;
    }
    try (Stream<Path> children = Files.list(jobDir)) {
      return children
          .filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
          .max(Comparator.comparingLong(RestorePoints::number))
          .map(p -> recorded.startsWith("file:") ? p.toUri().toString() : p.toString())
          .orElse(recorded);
    } catch (IOException | RuntimeException e) {
      return recorded;
    }
  }

  private static long number(Path checkpoint) {
    Matcher m = CHECKPOINT.matcher(checkpoint.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private static Optional<Path> localPath(String location) {
    try {
      if (location.startsWith("file:")) {
        return Optional.of(Path.of(URI.create(location)));
      }
      if (location.startsWith("/")) {
        return Optional.of(Path.of(location));
      }
    } catch (RuntimeException e) {
      // not a path of this machine
    }
    return Optional.empty();
  }
}
