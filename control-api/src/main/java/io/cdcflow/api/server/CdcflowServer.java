package io.cdcflow.api.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.catalog.EmbeddedCatalog;
import io.cdcflow.api.connections.ConnectionController;
import io.cdcflow.api.connections.ConnectionService;
import io.cdcflow.api.connections.ConnectionTester;
import io.cdcflow.api.discovery.DiscoveryController;
import io.cdcflow.api.discovery.DiscoveryService;
import io.cdcflow.api.monitoring.HealthController;
import io.cdcflow.api.pipelines.BatchApply;
import io.cdcflow.api.pipelines.DefinitionReader;
import io.cdcflow.api.pipelines.PipelineController;
import io.cdcflow.api.pipelines.PipelineService;
import io.cdcflow.catalog.secret.SecretCipher;
import io.cdcflow.catalog.store.CatalogStore;
import io.cdcflow.catalog.store.ConnectionDao;
import io.cdcflow.catalog.store.ConnectionTestDao;
import io.cdcflow.catalog.store.PipelineDao;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.openapi.plugin.OpenApiPlugin;
import io.javalin.openapi.plugin.swagger.SwaggerPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the platform together and runs the REST API. One instance per process (or per test). */
public final class CdcflowServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CdcflowServer.class);
  private static final long MAX_BODY_BYTES = 5_000_000L;

  private final ServerConfig config;
  private final EmbeddedCatalog embeddedCatalog;
  private final CatalogStore catalog;
  private final Javalin app;

  private CdcflowServer(
      ServerConfig config, EmbeddedCatalog embeddedCatalog, CatalogStore catalog, Javalin app) {
    this.config = config;
    this.embeddedCatalog = embeddedCatalog;
    this.catalog = catalog;
    this.app = app;
  }

  public static CdcflowServer start(ServerConfig config) {
    Instant startedAt = Instant.now();
    try {
      Files.createDirectories(config.dataDir());
      ObjectMapper json = ApiJson.mapper();
      EmbeddedCatalog embedded =
          config.catalogUrl().isPresent() ? null : EmbeddedCatalog.start(config.dataDir());
      String catalogUrl = config.catalogUrl().orElseGet(() -> embedded.jdbcUrl());
      String catalogUser = embedded != null ? embedded.user() : config.catalogUser();
      CatalogStore catalog =
          CatalogStore.open(catalogUrl, catalogUser, config.catalogPassword(), json);
      SecretCipher cipher =
          config.secretKey().isPresent()
              ? SecretCipher.fromConfiguredKey(config.secretKey().get())
              : SecretCipher.fromKeyFile(config.dataDir().resolve("secret.key"));

      ConnectionService connections =
          new ConnectionService(
              catalog.dao(ConnectionDao.class),
              catalog.dao(ConnectionTestDao.class),
              cipher,
              new ConnectionTester());
      RequestBodies bodies = new RequestBodies(json);
      PipelineService pipelines =
          new PipelineService(catalog.dao(PipelineDao.class), connections, json);
      Router router =
          new Router(
              new ConnectionController(connections, bodies),
              new DiscoveryController(new DiscoveryService(connections), connections),
              new PipelineController(
                  pipelines, new BatchApply(pipelines), new DefinitionReader(json, bodies), bodies),
              new HealthController(catalog, version(), startedAt));

      Javalin app =
          Javalin.create(
              javalin -> {
                javalin.showJavalinBanner = false;
                javalin.http.maxRequestSize = MAX_BODY_BYTES;
                javalin.jsonMapper(new JavalinJackson(json, false));
                javalin.registerPlugin(
                    new OpenApiPlugin(
                        openapi ->
                            openapi
                                .withDocumentationPath("/openapi.json")
                                .withDefinitionConfiguration(
                                    (version, definition) ->
                                        definition
                                            .withInfo(
                                                info ->
                                                    info.title("cdcflow API")
                                                        .version(version())
                                                        .description(
                                                            "Change-data-capture pipelines on Apache Flink CDC"))
                                            .withDefinitionProcessor(new SnakeCaseOpenApi()))));
                javalin.registerPlugin(
                    new SwaggerPlugin(
                        swagger -> {
                          swagger.setUiPath("/docs");
                          swagger.setDocumentationPath("/openapi.json");
                        }));
                javalin.router.apiBuilder(router::routes);
              });
      new ProblemResponses(json).register(app);
      app.start(config.bindHost(), config.port());
      CdcflowServer server = new CdcflowServer(config, embedded, catalog, app);
      LOG.info(
          "cdcflow {} ready in {} ms: API {}/api, docs {}/docs, catalog {}",
          version(),
          java.time.Duration.between(startedAt, Instant.now()).toMillis(),
          server.baseUrl(),
          server.baseUrl(),
          embedded != null ? "embedded (" + config.dataDir() + ")" : "external");
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cdcflow could not start: " + e.getMessage(), e);
    }
  }

  public int port() {
    return app.port();
  }

  public String baseUrl() {
    String host = "0.0.0.0".equals(config.bindHost()) ? "localhost" : config.bindHost();
    return "http://" + host + ":" + port();
  }

  public CatalogStore catalog() {
    return catalog;
  }

  static String version() {
    try (InputStream in = CdcflowServer.class.getResourceAsStream("/cdcflow.properties")) {
      Properties props = new Properties();
      if (in != null) {
        props.load(in);
      }
      return props.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  @Override
  public void close() {
    app.stop();
    catalog.close();
    if (embeddedCatalog != null) {
      try {
        embeddedCatalog.close();
      } catch (IOException e) {
        LOG.warn("Embedded catalog did not stop cleanly: {}", e.getMessage());
      }
    }
    LOG.info("cdcflow stopped");
  }
}
