package io.cdcflow.api.catalog;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's PostgreSQL when no {@code CDCFLOW_CATALOG_URL} is set: real PostgreSQL binaries
 * from Maven, data kept under the data directory so a restart keeps every connection and pipeline.
 */
public final class EmbeddedCatalog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCatalog.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedCatalog(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedCatalog start(Path dataDir) throws IOException {
    Path pgData = dataDir.resolve("catalog-pg");
    Files.createDirectories(pgData);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(pgData)
            .setCleanDataDirectory(false)
            .setPort(freePort())
            .setServerConfig("max_connections", "50")
            .start();
    LOG.info("Embedded catalog PostgreSQL started, data in {}", pgData);
    return new EmbeddedCatalog(postgres);
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public String user() {
    return "postgres";
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
