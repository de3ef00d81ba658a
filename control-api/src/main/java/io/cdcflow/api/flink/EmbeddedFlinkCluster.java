package io.cdcflow.api.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink in this process: a {@link MiniCluster} with its REST endpoint, web dashboard and jar
 * submission on {@link Settings#restPort()}. The control API reaches it only through {@link
 * #restUrl()} and the same {@link FlinkRestClient} it uses for a remote cluster.
 *
 * <p>State lives under {@code <dataDir>/flink}: {@code checkpoints/} (retained on cancel, so a
 * failed or stopped pipeline can resume), {@code savepoints/}, and {@code uploads/} (the jars, kept
 * across restarts so a jar is uploaded once per content). Jobs do not survive a restart of the
 * process: there is no HA store; they are resubmitted from their savepoint or last checkpoint.
 *
 * <p>Class loading is parent-first: the jobs code that an uploaded jar carries is also on this
 * process's class path (the control API depends on the jobs module), and loading it from the
 * application class loader means one copy of those classes for every job instead of one per
 * submission. Child-first would give each job a class loader of its own holding the whole shaded
 * jobs jar, and any JDBC driver it registers pins that loader in {@code DriverManager} for the life
 * of the process (a metaspace leak per pipeline start). The price: in the embedded cluster, classes
 * present on both sides come from the control API's class path, which is built from the same
 * sources as the jar. A remote cluster keeps Flink's default (child-first), where the jar is the
 * only copy.
 */
public final class EmbeddedFlinkCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlinkCluster.class);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final String UPLOADS = "uploads";

  /**
   * Where and how big: {@code dataDir} is the platform's data directory; {@code bindAddress} and
   * {@code restPort} are where the REST API and dashboard listen (port 0: any free port).
   */
  public record Settings(
      Path dataDir, String bindAddress, int restPort, int taskManagers, int slotsPerTaskManager) {

    public Settings {
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(bindAddress, "bindAddress");
      if (restPort < 0 || restPort > 65535) {
        throw new IllegalArgumentException("restPort must be 0-65535, got " + restPort);
      }
      if (taskManagers < 1 || slotsPerTaskManager < 1) {
        throw new IllegalArgumentException("at least one TaskManager with one slot is needed");
      }
    }

    /** One TaskManager with 4 slots, dashboard on 127.0.0.1:{@code restPort}. */
    public static Settings defaults(Path dataDir, int restPort) {
      return new Settings(dataDir, "127.0.0.1", restPort, 1, 4);
    }

    public Settings withBindAddress(String address) {
      return new Settings(dataDir, address, restPort, taskManagers, slotsPerTaskManager);
    }

    public Settings withTaskManagers(int count, int slotsEach) {
      return new Settings(dataDir, bindAddress, restPort, count, slotsEach);
    }
  }

  private final MiniCluster miniCluster;
  private final URI restUrl;
  private final Path checkpointsDir;
  private final Path savepointsDir;

  private EmbeddedFlinkCluster(
      MiniCluster miniCluster, URI restUrl, Path checkpointsDir, Path savepointsDir) {
    this.miniCluster = miniCluster;
    this.restUrl = restUrl;
    this.checkpointsDir = checkpointsDir;
    this.savepointsDir = savepointsDir;
  }

  public static EmbeddedFlinkCluster start(Settings settings) {
    Path flinkDir = settings.dataDir().toAbsolutePath().normalize().resolve("flink");
    Path checkpoints = flinkDir.resolve("checkpoints");
    Path savepoints = flinkDir.resolve("savepoints");
    try {
      for (Path dir : List.of(checkpoints, savepoints, flinkDir.resolve(UPLOADS))) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create Flink directories under " + flinkDir, e);
    }
    Configuration configuration = configuration(settings, flinkDir);
    MiniCluster miniCluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(settings.taskManagers())
                .setNumSlotsPerTaskManager(settings.slotsPerTaskManager())
                .build());
    try {
      miniCluster.start();
      URI restUrl =
          restUrl(
              miniCluster.getRestAddress().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
              settings.bindAddress());
      awaitReady(restUrl, settings.taskManagers());
      LOG.info(
          "Embedded Flink {} started: dashboard and REST API at {}, {} TaskManager(s) x {} slots",
          EnvironmentInformation.getVersion(),
          restUrl,
          settings.taskManagers(),
          settings.slotsPerTaskManager());
      return new EmbeddedFlinkCluster(miniCluster, restUrl, checkpoints, savepoints);
    } catch (Exception e) {
      closeQuietly(miniCluster);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "The embedded Flink cluster could not start on "
              + settings.bindAddress()
              + ":"
              + settings.restPort()
              + " (is the port in use? set CDCFLOW_FLINK_UI_PORT): "
              + rootMessage(e),
          e);
    }
  }

  static Configuration configuration(Settings settings, Path flinkDir) {
    Path checkpoints = flinkDir.resolve("checkpoints");
    Path savepoints = flinkDir.resolve("savepoints");
    Configuration conf = new Configuration();
    // the REST API and dashboard, with jar upload and run
    conf.set(RestOptions.BIND_ADDRESS, settings.bindAddress());
    conf.set(RestOptions.BIND_PORT, String.valueOf(settings.restPort()));
    conf.set(RestOptions.ADDRESS, advertisedHost(settings.bindAddress()));
    conf.set(WebOptions.SUBMIT_ENABLE, true);
    conf.set(WebOptions.CANCEL_ENABLE, true);
    conf.set(WebOptions.UPLOAD_DIR, flinkDir.resolve(UPLOADS).toString());
    // the dashboard's unpacked files: private, not the /tmp/flink-web-ui every Flink shares
    conf.set(WebOptions.TMP_DIR, flinkDir.resolve("web-tmp").toString());
    conf.set(CoreOptions.CLASSLOADER_RESOLVE_ORDER, "parent-first");
    conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);

    // checkpoints always retained, like flink-conf/config.yaml for a real cluster
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints.toUri().toString());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);

    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
        Duration.ofSeconds(1));
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
        Duration.ofMinutes(2));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
        Duration.ofMinutes(10));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, 10);

    // In-process TaskManagers share the control API's heap (the launcher's -Xmx); what Flink
    // reserves on top is small: managed memory (RocksDB/batch only; we use the heap backend)
    // and network buffers (4 slots, a few exchanges each).
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("256m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("128m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("128m"));

    // the REST API caches a job's execution graph (state, vertices) this long: with Flink's 3 s a
    // finished job still showed RUNNING for up to 3 s, and a full load looked that much slower
    conf.set(WebOptions.REFRESH_INTERVAL, Duration.ofMillis(500));

    // the control API reads lag and progress from the metrics, which the REST API serves from a
    // cache this old at most: with 3 s the API's lag ran 2-3 s above the lag measured in the
    // target (bench/); fetching from the in-process TaskManagers every second is cheap
    conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
    return conf;
  }

  /**
   * The REST endpoint listens before the dispatcher behind it has been elected (it answers 503
   * until then) and before the TaskManagers have registered: wait for both, so the first caller
   * sees a working cluster.
   */
  private static void awaitReady(URI restUrl, int taskManagers) throws InterruptedException {
    FlinkRestClient client =
        new FlinkRestClient(
            restUrl,
            new FlinkRestClient.Timeouts(
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)));
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try {
        if (client.overview().taskManagers() >= taskManagers) {
          return;
        }
      } catch (FlinkClusterException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The embedded Flink cluster's TaskManagers did not register within " + START_TIMEOUT);
      }
      Thread.sleep(50);
    }
  }

  /** The REST API and dashboard, e.g. {@code http://127.0.0.1:8081}. */
  public URI restUrl() {
    return restUrl;
  }

  public Path checkpointsDir() {
    return checkpointsDir;
  }

  public Path savepointsDir() {
    return savepointsDir;
  }

  /** Stops the cluster; running jobs are suspended (not cancelled) and must be resubmitted. */
  @Override
  public void close() {
    try {
      miniCluster.closeAsync().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("Embedded Flink stopped");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while stopping the embedded Flink cluster");
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("The embedded Flink cluster did not stop cleanly: {}", rootMessage(e));
    }
  }

  private static URI restUrl(URI reported, String bindAddress) {
    return URI.create("http://" + advertisedHost(bindAddress) + ":" + reported.getPort());
  }

  private static String advertisedHost(String bindAddress) {
    return "0.0.0.0".equals(bindAddress) || "::".equals(bindAddress) ? "127.0.0.1" : bindAddress;
  }

  private static void closeQuietly(MiniCluster miniCluster) {
    try {
      miniCluster.closeAsync().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.debug("Closing a MiniCluster that failed to start", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
