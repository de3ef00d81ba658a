package io.cdcflow.testing;

import io.cdcflow.catalog.connection.DatabaseType;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A private MariaDB with a row binlog for the test run: the machine's {@code mariadbd} binary on a
 * free port with a temporary data directory, or a Testcontainers container where a Docker engine
 * runs and the binary does not exist. Under {@code CI=true} a missing server fails the test; on a
 * developer machine the test is skipped with the reason.
 */
public final class TestMariaDb extends TestDatabaseServer {

  private static final List<String> SERVER_OPTIONS =
      List.of(
          "--log-bin=binlog",
          "--binlog-format=ROW",
          "--binlog-row-image=FULL",
          "--server-id=1",
          "--character-set-server=utf8mb4",
          "--collation-server=utf8mb4_unicode_ci",
          "--default-time-zone=+00:00",
          "--max-connections=500",
          "--innodb-buffer-pool-size=128M",
          "--innodb-flush-log-at-trx-commit=2",
          "--skip-name-resolve");

  private static TestMariaDb shared;

  private final String host;
  private final int port;
  private final Runnable stop;
  private Launch launch;
  private Process process;

  private TestMariaDb(String host, int port, Runnable stop) {
    this.host = host;
    this.port = port;
    this.stop = stop;
  }

  public static synchronized TestMariaDb shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared.stop, "test-mariadb-stop"));
    }
    return shared;
  }

  private static TestMariaDb start() {
    Optional<Path> binary = findBinary("mariadbd").or(() -> findBinary("mysqld"));
    if (binary.isPresent()) {
      return startProcess(binary.get());
    }
    if (dockerAvailable()) {
      return startContainer();
    }
    String reason =
        "no mariadbd binary on this machine and no Docker engine: install mariadb-server";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(reason);
    }
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }

  /** A server's data directory and the command that runs it on its port. */
  private record Launch(Path dir, int port, List<String> command) {

    Process start() throws IOException {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
          .start();
    }

    void awaitReady() {
      waitUntilReady("127.0.0.1", port, Duration.ofSeconds(60), dir.resolve("error.log"));
    }
  }

  private static Launch install(Path mariadbd) throws IOException {
    Path dir = Files.createTempDirectory("cdcflow-mariadb-");
    Path data = dir.resolve("data");
    Path installer =
        findBinary("mariadb-install-db")
            .or(() -> findBinary("mysql_install_db"))
            .orElseThrow(
                () ->
                    new IllegalStateException("mariadb-install-db not found next to " + mariadbd));
    run(
        dir.resolve("install.log"),
        List.of(
            installer.toString(),
            "--no-defaults",
            "--datadir=" + data,
            "--auth-root-authentication-method=normal",
            "--user=" + System.getProperty("user.name"),
            "--skip-test-db"));
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(mariadbd.toString());
    command.add("--no-defaults");
    command.add("--datadir=" + data);
    command.add("--port=" + port);
    command.add("--bind-address=127.0.0.1");
    command.add("--socket=" + dir.resolve("mysqld.sock"));
    command.add("--pid-file=" + dir.resolve("mysqld.pid"));
    command.add("--log-error=" + dir.resolve("error.log"));
    command.add("--user=" + System.getProperty("user.name"));
    command.addAll(SERVER_OPTIONS);
    return new Launch(dir, port, command);
  }

  private static TestMariaDb startProcess(Path mariadbd) {
    try {
      Launch launch = install(mariadbd);
      Process process = launch.start();
      Runnable stop =
          () -> {
            stopProcess(process);
            deleteRecursively(launch.dir());
          };
      launch.awaitReady();
      TestMariaDb db = new TestMariaDb("127.0.0.1", launch.port(), stop);
      db.forgetAnonymousUsers();
      return db;
    } catch (IOException e) {
      throw new IllegalStateException("could not start mariadbd: " + e.getMessage(), e);
    }
  }

  /**
   * A separate server that can be stopped and started again ({@link #stopServer()}, {@link
   * #startServer()}) on the same port with its data kept, to test what an outage does. Needs the
   * mariadbd binary (no container).
   */
  public static TestMariaDb startRestartable() {
    Path mariadbd =
        findBinary("mariadbd")
            .or(() -> findBinary("mysqld"))
            .orElseThrow(() -> new IllegalStateException("no mariadbd binary on this machine"));
    try {
      Launch launch = install(mariadbd);
      TestMariaDb db = new TestMariaDb("127.0.0.1", launch.port(), () -> {});
      db.launch = launch;
      db.startServer();
      db.forgetAnonymousUsers();
      return db;
    } catch (IOException e) {
      throw new IllegalStateException("could not start mariadbd: " + e.getMessage(), e);
    }
  }

  /** Stops a restartable server (a normal shutdown: clients are disconnected). */
  public synchronized void stopServer() {
    stopProcess(process);
    process = null;
  }

  /** Starts a stopped restartable server again, on the same port, with the same data. */
  public synchronized void startServer() {
    try {
      process = launch.start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start mariadbd: " + e.getMessage(), e);
    }
    launch.awaitReady();
  }

  /** Stops a restartable server for good and removes its data. */
  public synchronized void close() {
    if (launch != null) {
      stopServer();
      deleteRecursively(launch.dir());
    }
  }

  private static void stopProcess(Process process) {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An anonymous ''@'localhost' user would shadow the users tests create. */
  private void forgetAnonymousUsers() {
    execute("mysql", "DELETE FROM mysql.global_priv WHERE User = ''", "FLUSH PRIVILEGES");
  }

  private static TestMariaDb startContainer() {
    GenericContainer<?> container =
        new GenericContainer<>("mariadb:10.11")
            .withEnv("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1")
            .withExposedPorts(3306)
            .withCommand(SERVER_OPTIONS.toArray(String[]::new))
            .waitingFor(Wait.forLogMessage(".*ready for connections.*", 2));
    container.start();
    TestMariaDb db =
        new TestMariaDb(container.getHost(), container.getMappedPort(3306), container::stop);
    waitUntilReady(db.host, db.port, Duration.ofSeconds(60), null);
    return db;
  }

  private static void waitUntilReady(String host, int port, Duration timeout, Path errorLog) {
    long deadline = System.nanoTime() + timeout.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      try (var c =
          DriverManager.getConnection(
              "jdbc:mysql://"
                  + host
                  + ":"
                  + port
                  + "/mysql?useSSL=false&allowPublicKeyRetrieval=true",
              "root",
              "")) {
        return;
      } catch (SQLException e) {
        last = e;
        sleep(200);
      }
    }
    String log = "";
    try {
      if (errorLog != null && Files.exists(errorLog)) {
        log = Files.readString(errorLog);
      }
    } catch (IOException ignored) {
      // the error log is only extra detail
    }
    throw new IllegalStateException(
        "mariadb did not accept connections on port " + port + ": " + last + "\n" + log);
  }

  private static void run(Path log, List<String> command) throws IOException {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(command.get(0) + " failed: " + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static Optional<Path> findBinary(String name) {
    List<String> dirs =
        new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin"));
    return dirs.stream()
        .filter(d -> !d.isBlank())
        .map(d -> Paths.get(d, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }

  @Override
  public DatabaseType type() {
    return DatabaseType.MYSQL;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String username() {
    return "root";
  }

  @Override
  public String password() {
    return "";
  }

  @Override
  protected String adminDatabase() {
    return "mysql";
  }
}
