package io.cdcflow.api.flink;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A real Flink session cluster for tests, made from the Maven artifacts on the test class path: a
 * JobManager ({@link StandaloneSessionClusterEntrypoint}) and a TaskManager ({@link
 * TaskManagerRunner}), each its own JVM on loopback, started the way Flink's scripts start them (a
 * {@code config.yaml} in a config dir, memory flags computed by Flink's own process utils, the Java
 * 17 module flags). The TaskManager can be SIGKILLed and started again for fault tests.
 *
 * <p>The cluster's class path is the test JVM's minus this project's classes and the CDC connector
 * jars: like a real cluster's {@code lib/}, it has Flink but not the job, so a submitted jar is the
 * only copy of the job's classes.
 */
public final class FlinkSessionCluster implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final int LOG_TAIL_LINES = 60;

  private final Path workDir;
  private final Path configDir;
  private final Path logDir;
  private final Configuration configuration;
  private final List<String> classPath;
  private final FlinkRestClient client;
  private final FlinkRestClient startupProbe;
  private final Thread shutdownHook;
  private Process jobManager;
  private Process taskManager;
  private int taskManagerStarts;

  private FlinkSessionCluster(Path workDir, Configuration configuration, List<String> classPath) {
    this.workDir = workDir;
    this.configDir = workDir.resolve("conf");
    this.logDir = workDir.resolve("log");
    this.configuration = configuration;
    this.classPath = classPath;
    this.client =
        new FlinkRestClient(
            URI.create("http://127.0.0.1:" + configuration.get(RestOptions.PORT)),
            new FlinkRestClient.Timeouts(
                Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofMinutes(2)));
    this.startupProbe =
        new FlinkRestClient(
            client.baseUrl(),
            new FlinkRestClient.Timeouts(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2)));
    this.shutdownHook = new Thread(this::destroyProcesses, "flink-session-cluster-cleanup");
  }

  /** Starts a JobManager and one TaskManager (2 slots) under {@code workDir}. */
  public static FlinkSessionCluster start(Path workDir) {
    return start(workDir, configuration -> {});
  }

  /** As {@link #start(Path)}, with changes to the generated configuration. */
  public static FlinkSessionCluster start(Path workDir, Consumer<Configuration> overrides) {
    try {
      Files.createDirectories(workDir);
      Configuration configuration = configuration(workDir);
      overrides.accept(configuration);
      FlinkSessionCluster cluster =
          new FlinkSessionCluster(workDir, configuration, flinkClassPath());
      Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
      try {
        cluster.writeConfig();
        cluster.jobManager = cluster.launchJobManager();
        cluster.startTaskManager();
        return cluster;
      } catch (RuntimeException e) {
        cluster.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI restUrl() {
    return client.baseUrl();
  }

  FlinkRestClient client() {
    return client;
  }

  Path savepointsDir() {
    return workDir.resolve("savepoints");
  }

  Path checkpointsDir() {
    return workDir.resolve("checkpoints");
  }

  /** SIGKILLs the TaskManager process and waits until it is gone. */
  public void killTaskManager() {
    taskManager.destroyForcibly();
    try {
      if (!taskManager.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("The TaskManager survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts a new TaskManager process and waits until the JobManager has registered it (by its
   * resource id, so a dead TaskManager that the JobManager has not yet given up on does not count).
   */
  public void startTaskManager() {
    taskManagerStarts++;
    String resourceId = "cdcflow-test-tm-" + taskManagerStarts;
    taskManager = launchTaskManager(resourceId);
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    FlinkClusterException lastError = null;
    while (Instant.now().isBefore(deadline)) {
      checkAlive(jobManager, "JobManager");
      checkAlive(taskManager, "TaskManager");
      try {
        if (startupProbe.taskManagers().stream().anyMatch(tm -> tm.id().equals(resourceId))) {
          return;
        }
      } catch (FlinkClusterException e) {
        lastError = e; // REST not up yet
      }
      pause(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        "TaskManager "
            + resourceId
            + " did not register within "
            + START_TIMEOUT
            + (lastError == null ? "" : " (last REST error: " + lastError.getMessage() + ")")
            + logs());
  }

  @Override
  public void close() {
    destroyProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
    deleteRecursively(workDir);
  }

  // ------------------------------------------------------------------ setup

  private static Configuration configuration(Path workDir) throws IOException {
    Configuration conf = new Configuration();
    conf.set(JobManagerOptions.ADDRESS, "127.0.0.1");
    conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(JobManagerOptions.PORT, freePort());
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.PORT, freePort());
    conf.set(TaskManagerOptions.HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 2);
    conf.set(JobManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("1024m"));
    conf.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("1200m"));
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("128m"));
    conf.set(CoreOptions.TMP_DIRS, workDir.resolve("tmp").toString());
    conf.set(WebOptions.SUBMIT_ENABLE, true);
    conf.set(WebOptions.CANCEL_ENABLE, true);

    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        workDir.resolve("checkpoints").toUri().toString());
    conf.set(
        CheckpointingOptions.SAVEPOINT_DIRECTORY, workDir.resolve("savepoints").toUri().toString());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);

    // a lost TaskManager is noticed within seconds, and the job restarts as soon as slots return
    conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
    conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(5));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 100);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
    conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
    Files.createDirectories(workDir.resolve("tmp"));
    return conf;
  }

  private void writeConfig() throws IOException {
    Files.createDirectories(configDir);
    Files.createDirectories(logDir);
    // Flink 1.20 reads conf/config.yaml (standard YAML) and falls back to flink-conf.yaml
    Files.write(
        configDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME),
        ConfigurationUtils.convertConfigToWritableLines(configuration, false),
        StandardCharsets.UTF_8);
    Files.writeString(
        configDir.resolve("logback.xml"),
        """
        <configuration>
          <appender name="FILE" class="ch.qos.logback.core.FileAppender">
            <file>${log.file}</file>
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
          </appender>
          <logger name="org.apache.flink" level="INFO"/>
          <logger name="org.apache.pekko" level="WARN"/>
          <logger name="org.apache.flink.shaded" level="WARN"/>
          <root level="WARN"><appender-ref ref="FILE"/></root>
        </configuration>
        """);
  }

  private Process launchJobManager() {
    JobManagerProcessSpec spec =
        JobManagerProcessUtils.processSpecFromConfigWithNewOptionToInterpretLegacyHeap(
            configuration, JobManagerOptions.JVM_HEAP_MEMORY);
    return launch(
        "jobmanager",
        split(JobManagerProcessUtils.generateJvmParametersStr(spec, configuration)),
        StandaloneSessionClusterEntrypoint.class,
        split(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
  }

  private Process launchTaskManager(String resourceId) {
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(configuration);
    List<String> dynamicProperties =
        new ArrayList<>(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    dynamicProperties.add("-D");
    dynamicProperties.add(TaskManagerOptions.TASK_MANAGER_RESOURCE_ID.key() + "=" + resourceId);
    return launch(
        "taskmanager-" + taskManagerStarts,
        split(ProcessMemoryUtils.generateJvmParametersStr(spec)),
        TaskManagerRunner.class,
        dynamicProperties);
  }

  /**
   * {@code java <module flags> <memory flags> -cp <flink> <main> --configDir conf -D k=v ...}, as
   * Flink's scripts run it, the output into {@code log/<name>.out}.
   */
  private Process launch(
      String name, List<String> memoryFlags, Class<?> mainClass, List<String> dynamicProperties) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(java17Flags());
    command.addAll(memoryFlags);
    command.add("-Djava.io.tmpdir=" + workDir.resolve("tmp"));
    command.add("-Dlog.file=" + logDir.resolve(name + ".log"));
    command.add("-Dlogback.configurationFile=" + configDir.resolve("logback.xml"));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath));
    command.add(mainClass.getName());
    command.add("--configDir");
    command.add(configDir.toString());
    command.addAll(dynamicProperties);
    try {
      return new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(logDir.resolve(name + ".out").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Flink " + name + " process", e);
    }
  }

  /** The module flags this JVM runs with (surefire's argLine: the parent POM's java17.opens). */
  private static List<String> java17Flags() {
    List<String> flags =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports"))
            .toList();
    if (flags.isEmpty()) {
      throw new IllegalStateException(
          "The test JVM has no --add-opens flags to pass on to Flink; run it with the parent "
              + "POM's surefire argLine (java17.opens)");
    }
    return flags;
  }

  private static List<String> flinkClassPath() {
    List<String> entries =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.isBlank())
            .filter(entry -> !isProjectOrConnector(Path.of(entry)))
            .collect(Collectors.toList());
    if (entries.stream().noneMatch(e -> e.contains("flink-runtime-web"))) {
      throw new IllegalStateException(
          "flink-runtime-web is not on the test class path: " + entries);
    }
    return entries;
  }

  private static boolean isProjectOrConnector(Path entry) {
    String name = entry.getFileName().toString();
    return Files.isDirectory(entry) // target/classes, target/test-classes of this project
        || name.startsWith("cdcflow-")
        || name.startsWith("flink-sql-connector-")
        || name.startsWith("surefire");
  }

  // ------------------------------------------------------------------ processes

  private void checkAlive(Process process, String role) {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "The Flink " + role + " process exited with code " + process.exitValue() + logs());
    }
  }

  private void destroyProcesses() {
    for (Process process : Arrays.asList(taskManager, jobManager)) {
      if (process != null && process.isAlive()) {
        process.destroy();
      }
    }
    for (Process process : Arrays.asList(taskManager, jobManager)) {
      if (process == null) {
        continue;
      }
      try {
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  /** The tail of every process log, for a failure message. */
  public String logs() {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(logDir)) {
      for (Path file : files.sorted().toList()) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        text.append("\n----- ")
            .append(file.getFileName())
            .append(" (last ")
            .append(Math.min(LOG_TAIL_LINES, lines.size()))
            .append(" lines) -----\n");
        lines
            .subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
            .forEach(line -> text.append(line).append('\n'));
      }
    } catch (IOException e) {
      text.append("\n(logs unreadable: ").append(e.getMessage()).append(')');
    }
    return text.toString();
  }

  private static List<String> split(String flags) {
    return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp dir
    }
  }
}
