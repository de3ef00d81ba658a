package io.cdcflow.api.flink;

import io.cdcflow.api.flink.testjob.CounterJob;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Packages {@link CounterJob} (the class and its inner classes, nothing else) from the compiled
 * test classes into a jar, the way a real job jar reaches a cluster. Entries carry a fixed time, so
 * the same classes always give the same bytes and the same checksum.
 */
final class TestJobJar {

  static final String ENTRY_CLASS = CounterJob.class.getName();
  private static final FileTime FIXED_TIME = FileTime.fromMillis(315_532_800_000L); // 1980-01-01

  private TestJobJar() {}

  static Path build(Path directory) {
    try {
      Path classes =
          Path.of(CounterJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      String packagePath = CounterJob.class.getPackageName().replace('.', '/');
      String simpleName = CounterJob.class.getSimpleName();
      List<Path> classFiles;
      try (Stream<Path> files = Files.list(classes.resolve(packagePath))) {
        classFiles =
            files
                .filter(
                    f -> {
                      String name = f.getFileName().toString();
                      return name.equals(simpleName + ".class")
                          || (name.startsWith(simpleName + "$") && name.endsWith(".class"));
                    })
                .sorted()
                .toList();
      }
      if (classFiles.size() < 2) {
        throw new IllegalStateException("CounterJob classes not found under " + classes);
      }
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ENTRY_CLASS);
      Files.createDirectories(directory);
      Path jar = directory.resolve("counter-job.jar");
      try (OutputStream out = Files.newOutputStream(jar);
          JarOutputStream jarOut = new JarOutputStream(out)) {
        JarEntry manifestEntry = new JarEntry("META-INF/MANIFEST.MF");
        manifestEntry.setLastModifiedTime(FIXED_TIME);
        jarOut.putNextEntry(manifestEntry);
        manifest.write(jarOut);
        jarOut.closeEntry();
        for (Path classFile : classFiles) {
          JarEntry entry = new JarEntry(packagePath + "/" + classFile.getFileName());
          entry.setLastModifiedTime(FIXED_TIME);
          jarOut.putNextEntry(entry);
          jarOut.write(Files.readAllBytes(classFile));
          jarOut.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The program arguments the tests run the job with: quick checkpoints, ~50 numbers/s. */
  static List<String> args(String name) {
    return List.of("--name", name, "--checkpoint-interval-ms", "300", "--sleep-ms", "20");
  }
}
