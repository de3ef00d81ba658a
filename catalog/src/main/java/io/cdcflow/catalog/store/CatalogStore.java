package io.cdcflow.catalog.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.jackson2.Jackson2Config;
import org.jdbi.v3.jackson2.Jackson2Plugin;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's own database: a pooled PostgreSQL, migrated by Flyway at start-up, reached through
 * Jdbi. The one place that builds Jdbi; DAOs come from {@link #dao}.
 */
public final class CatalogStore implements AutoCloseable {

  /** All platform tables live in this schema, so a shared server stays tidy. */
  public static final String SCHEMA = "cdcflow";

  private static final Logger LOG = LoggerFactory.getLogger(CatalogStore.class);

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private CatalogStore(HikariDataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.jdbi =
        Jdbi.create(dataSource)
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin())
            .installPlugin(new Jackson2Plugin());
    jdbi.getConfig(Jackson2Config.class).setMapper(json);
  }

  /** Connects, migrates (failing loudly on a bad migration) and returns the store. */
  public static CatalogStore open(String jdbcUrl, String user, String password, ObjectMapper json) {
    Flyway.configure()
        .dataSource(jdbcUrl, user, password)
        .schemas(SCHEMA)
        .defaultSchema(SCHEMA)
        .createSchemas(true)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setSchema(SCHEMA);
    config.setMaximumPoolSize(10);
    config.setPoolName("cdcflow-catalog");
    config.setConnectionTimeout(10_000);
    HikariDataSource dataSource = new HikariDataSource(config);
    LOG.info("Catalog ready at {}", jdbcUrl.replaceAll("password=[^&]*", "password=***"));
    return new CatalogStore(dataSource, json);
  }

  public <T> T dao(Class<T> type) {
    return jdbi.onDemand(type);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** True when a trivial query answers; the health endpoint uses it. */
  public boolean isReachable() {
    try {
      return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
