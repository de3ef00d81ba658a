package io.cdcflow.api.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.alerting.AlertChannelController;
import io.cdcflow.api.alerting.AlertChannelService;
import io.cdcflow.api.alerting.AlertController;
import io.cdcflow.api.alerting.AlertDispatcher;
import io.cdcflow.api.alerting.AlertEngine;
import io.cdcflow.api.alerting.AlertRuleController;
import io.cdcflow.api.alerting.AlertRuleService;
import io.cdcflow.api.alerting.AlertRules;
import io.cdcflow.api.alerting.AlertService;
import io.cdcflow.api.alerting.ChannelSender;
import io.cdcflow.api.catalog.EmbeddedCatalog;
import io.cdcflow.api.connections.ConnectionController;
import io.cdcflow.api.connections.ConnectionService;
import io.cdcflow.api.connections.ConnectionTester;
import io.cdcflow.api.connectors.ConnectorController;
import io.cdcflow.api.connectors.ConnectorService;
import io.cdcflow.api.discovery.DiscoveryController;
import io.cdcflow.api.discovery.DiscoveryService;
import io.cdcflow.api.flink.EmbeddedFlinkCluster;
import io.cdcflow.api.flink.FlinkRestClient;
import io.cdcflow.api.monitoring.HealthController;
import io.cdcflow.api.monitoring.MetricsCollector;
import io.cdcflow.api.monitoring.Monitoring;
import io.cdcflow.api.monitoring.PipelineMetric;
import io.cdcflow.api.monitoring.SourceTablesProbe;
import io.cdcflow.api.pipelines.BatchApply;
import io.cdcflow.api.pipelines.DefinitionReader;
import io.cdcflow.api.pipelines.JobJar;
import io.cdcflow.api.pipelines.LifecycleController;
import io.cdcflow.api.pipelines.LogContinuity;
import io.cdcflow.api.pipelines.PipelineChecks;
import io.cdcflow.api.pipelines.PipelineController;
import io.cdcflow.api.pipelines.PipelineLifecycle;
import io.cdcflow.api.pipelines.PipelinePlanner;
import io.cdcflow.api.pipelines.PipelineService;
import io.cdcflow.api.pipelines.PipelineWatcher;
import io.cdcflow.api.pipelines.TableResnapshots;
import io.cdcflow.api.pipelines.TableSelectionChange;
import io.cdcflow.api.quality.DataQualityController;
import io.cdcflow.api.quality.DataQualityService;
import io.cdcflow.api.quality.QualityFigures;
import io.cdcflow.api.recovery.AutoRecovery;
import io.cdcflow.api.recovery.PipelineReconciler;
import io.cdcflow.api.security.AccessControl;
import io.cdcflow.api.security.ApiTokens;
import io.cdcflow.api.security.TokenSetup;
import io.cdcflow.api.verification.ContinuousVerifier;
import io.cdcflow.api.verification.FindingRepair;
import io.cdcflow.api.verification.VerificationController;
import io.cdcflow.api.verification.VerificationService;
import io.cdcflow.catalog.secret.SecretCipher;
import io.cdcflow.catalog.store.AlertChannelDao;
import io.cdcflow.catalog.store.AlertDao;
import io.cdcflow.catalog.store.AlertDeliveryDao;
import io.cdcflow.catalog.store.AlertRuleDao;
import io.cdcflow.catalog.store.CatalogStore;
import io.cdcflow.catalog.store.ConnectionDao;
import io.cdcflow.catalog.store.ConnectionTestDao;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRunDao;
import io.cdcflow.catalog.store.RecordedColumnsDao;
import io.cdcflow.catalog.store.VerificationFindingDao;
import io.cdcflow.jobs.spec.SealedSpec;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.openapi.plugin.OpenApiPlugin;
import io.javalin.openapi.plugin.swagger.SwaggerPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the platform together and runs it: the catalog (embedded or external), the Flink cluster
 * (embedded MiniCluster or a remote JobManager, both through one REST client), the services and the
 * REST API. One instance per process (or per test).
 */
public final class CdcflowServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CdcflowServer.class);
  private static final long MAX_BODY_BYTES = 5_000_000L;

  private final ServerConfig config;
  private final List<AutoCloseable> resources;
  private final CatalogStore catalog;
  private final FlinkRestClient flink;
  private final Monitoring monitoring;
  private final DataQualityService quality;
  private final AlertEngine alerts;
  private final Javalin app;

  private CdcflowServer(
      ServerConfig config,
      List<AutoCloseable> resources,
      CatalogStore catalog,
      FlinkRestClient flink,
      Monitoring monitoring,
      DataQualityService quality,
      AlertEngine alerts,
      Javalin app) {
    this.config = config;
    this.resources = resources;
    this.catalog = catalog;
    this.flink = flink;
    this.monitoring = monitoring;
    this.quality = quality;
    this.alerts = alerts;
    this.app = app;
  }

  public static CdcflowServer start(ServerConfig config) {
    Instant startedAt = Instant.now();
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      Files.createDirectories(config.dataDir());
      // first, so that a token misconfiguration fails before anything starts
      ApiTokens tokens = TokenSetup.resolve(config, System.out);
      ObjectMapper json = ApiJson.mapper();
      CatalogStore catalog = openCatalog(config, json, resources);
      FlinkRestClient flink = connectFlink(config, resources);
      String secretKey =
          config.secretKey().isPresent()
              ? config.secretKey().get()
              : SecretCipher.readOrCreateKeyFile(config.dataDir().resolve("secret.key"));
      SecretCipher cipher = SecretCipher.fromConfiguredKey(secretKey);
      if (config.flinkUrl().isEmpty()) {
        // the embedded cluster runs jobs in this JVM: they open their sealed specs with this key
        System.setProperty(SealedSpec.KEY_PROPERTY, secretKey);
      }

      ConnectionService connections =
          new ConnectionService(
              catalog.dao(ConnectionDao.class),
              catalog.dao(ConnectionTestDao.class),
              cipher,
              new ConnectionTester());
      RequestBodies bodies = new RequestBodies(json);
      PipelinePlanner planner = new PipelinePlanner(connections);
      PipelineService pipelines =
          new PipelineService(catalog.dao(PipelineDao.class), connections, planner, json);
      PipelineChecks checks = new PipelineChecks(pipelines, planner);
      PipelineLifecycle lifecycle =
          new PipelineLifecycle(
              pipelines,
              checks,
              catalog.dao(PipelineDao.class),
              catalog.dao(PipelineRunDao.class),
              flink,
              JobJar.locate(config.jobsJar()),
              cipher,
              new LogContinuity(connections, catalog.dao(PipelineDao.class)),
              catalog.dao(VerificationFindingDao.class),
              catalog.dao(RecordedColumnsDao.class),
              json);
      DataQualityService quality = new DataQualityService(checks);
      AutoRecovery autoRecovery =
          new AutoRecovery(
              catalog.dao(PipelineDao.class),
              catalog.dao(PipelineRunDao.class),
              pipelines,
              lifecycle,
              config.recovery(),
              Clock.systemUTC());
      PipelineReconciler reconciler =
          new PipelineReconciler(
              catalog.dao(PipelineDao.class), catalog.dao(PipelineRunDao.class), lifecycle, flink);
      TableResnapshots resnapshots =
          new TableResnapshots(
              pipelines,
              checks,
              lifecycle,
              catalog.dao(PipelineDao.class),
              catalog.dao(PipelineRunDao.class),
              flink);
      TableSelectionChange selectionChange =
          new TableSelectionChange(
              pipelines,
              checks,
              lifecycle,
              catalog.dao(PipelineDao.class),
              config.newTablesInterval());
      lifecycle.holdVanishedJobsUntilReconciled();
      resources.add(
          new PipelineWatcher(
                  catalog.dao(PipelineDao.class),
                  lifecycle,
                  reconciler::reconcileAll,
                  autoRecovery::consider,
                  row -> {
                    resnapshots.recordAddedTablesCopied(row);
                    selectionChange.takeNewlyMatchingTables(row);
                  })
              .start(Duration.ofSeconds(5)));
      AlertRules alertRules =
          new AlertRules(catalog.dao(AlertRuleDao.class), catalog.dao(AlertChannelDao.class));
      ChannelSender channelSender = new ChannelSender(json, config.alertDelivery().timeout());
      AlertDispatcher dispatcher =
          new AlertDispatcher(
              catalog.dao(AlertDeliveryDao.class),
              catalog.dao(AlertDao.class),
              catalog.dao(AlertChannelDao.class),
              channelSender,
              config.alertDelivery(),
              json);
      resources.add(dispatcher.start());
      AlertEngine alerts =
          new AlertEngine(alertRules, catalog.dao(AlertDao.class), json, dispatcher::wake);
      Monitoring monitoring =
          Monitoring.create(
              config.metricsInterval(),
              catalog,
              flink,
              connections,
              pipelines,
              catalog.dao(AlertDao.class)::activeBySeverity);
      QualityFigures qualityFigures = new QualityFigures(quality);
      resources.add(qualityFigures);
      VerificationFindingDao findingDao = catalog.dao(VerificationFindingDao.class);
      FindingRepair repair =
          new FindingRepair(findingDao, resnapshots, catalog.dao(PipelineDao.class), json);
      ContinuousVerifier verifier =
          new ContinuousVerifier(
              config.verification(),
              catalog.dao(PipelineDao.class),
              pipelines,
              checks,
              quality,
              findingDao,
              repair,
              monitoring.collector(),
              json,
              Clock.systemUTC());
      resources.add(verifier.start());
      monitoring
          .collector()
          .addFigureSource(qualityFigures)
          .addFigureSource(verifier)
          .addFigureSource(new SourceTablesProbe(connections, catalog.dao(PipelineDao.class)))
          .addFigureSource(
              (row, now) ->
                  Map.of(PipelineMetric.ACTIVE_ALERTS, (double) alerts.activeCount(row.id())))
          .addListener(alerts::evaluate)
          .onPipelineDeleted(alerts::forget)
          .start();
      resources.add(monitoring);
      Router router =
          new Router(
              new ConnectionController(connections, bodies),
              new DiscoveryController(new DiscoveryService(connections), connections),
              new PipelineController(
                  pipelines,
                  checks,
                  new BatchApply(pipelines, lifecycle),
                  selectionChange,
                  new DefinitionReader(json, bodies),
                  bodies),
              new LifecycleController(lifecycle, pipelines, resnapshots),
              monitoring.controller(),
              new HealthController(
                  catalog, flink, monitoring.collector(), config.dataDir(), version(), startedAt),
              new DataQualityController(quality, pipelines, bodies),
              new AlertController(
                  new AlertService(
                      catalog.dao(AlertDao.class),
                      catalog.dao(AlertDeliveryDao.class),
                      catalog.dao(AlertChannelDao.class),
                      catalog.dao(PipelineDao.class),
                      alerts,
                      dispatcher::wake,
                      json),
                  bodies),
              new AlertRuleController(
                  new AlertRuleService(
                      catalog.dao(AlertRuleDao.class),
                      catalog.dao(AlertChannelDao.class),
                      catalog.dao(PipelineDao.class),
                      alertRules),
                  bodies),
              new AlertChannelController(
                  new AlertChannelService(
                      catalog.dao(AlertChannelDao.class), channelSender, alertRules),
                  bodies),
              new ConnectorController(
                  new ConnectorService(
                      catalog.dao(PipelineDao.class),
                      catalog.dao(PipelineRunDao.class),
                      pipelines,
                      connections,
                      lifecycle,
                      monitoring.collector(),
                      flink)),
              new VerificationController(
                  new VerificationService(verifier, repair, findingDao, pipelines, json),
                  pipelines));

      Javalin app =
          Javalin.create(
              javalin -> configure(javalin, json, router, new AccessControl(tokens), config));
      new ProblemResponses(json).register(app);
      app.start(config.bindHost(), config.port());
      CdcflowServer server =
          new CdcflowServer(config, resources, catalog, flink, monitoring, quality, alerts, app);
      LOG.info(
          "cdcflow {} ready in {} ms: API {}/api, docs {}/docs, Flink dashboard {}, catalog {}",
          version(),
          Duration.between(startedAt, Instant.now()).toMillis(),
          server.baseUrl(),
          server.baseUrl(),
          flink.baseUrl(),
          config.catalogUrl().isPresent() ? "external" : "embedded (" + config.dataDir() + ")");
      return server;
    } catch (IOException | RuntimeException e) {
      closeAll(resources);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cdcflow could not start: " + e.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  /** The catalog of this configuration: external, or the embedded one under the data directory. */
  public static CatalogStore openCatalog(
      ServerConfig config, ObjectMapper json, List<AutoCloseable> resources) throws IOException {
    if (config.catalogUrl().isPresent()) {
      CatalogStore catalog =
          CatalogStore.open(
              config.catalogUrl().get(), config.catalogUser(), config.catalogPassword(), json);
      resources.add(catalog);
      return catalog;
    }
    EmbeddedCatalog embedded = EmbeddedCatalog.start(config.dataDir());
    resources.add(embedded);
    CatalogStore catalog = CatalogStore.open(embedded.jdbcUrl(), embedded.user(), "", json);
    resources.add(catalog);
    return catalog;
  }

  private static FlinkRestClient connectFlink(ServerConfig config, List<AutoCloseable> resources) {
    if (config.flinkUrl().isPresent()) {
      return new FlinkRestClient(URI.create(config.flinkUrl().get()));
    }
    EmbeddedFlinkCluster cluster =
        EmbeddedFlinkCluster.start(
            EmbeddedFlinkCluster.Settings.defaults(config.dataDir(), config.flinkUiPort()));
    resources.add(cluster);
    return new FlinkRestClient(cluster.restUrl());
  }

  private static void configure(
      io.javalin.config.JavalinConfig javalin,
      ObjectMapper json,
      Router router,
      AccessControl access,
      ServerConfig config) {
    javalin.showJavalinBanner = false;
    if (!config.corsOrigins().isEmpty()) {
      List<String> origins = config.corsOrigins();
      javalin.bundledPlugins.enableCors(
          cors ->
              cors.addRule(
                  rule -> {
                    rule.allowHost(
                        origins.get(0), origins.subList(1, origins.size()).toArray(String[]::new));
                    rule.exposeHeader("WWW-Authenticate");
                    rule.exposeHeader("Location");
                  }));
    }
    javalin.router.mount(routes -> routes.before(access).before(new InputGuard(json)));
    javalin.http.maxRequestSize = MAX_BODY_BYTES;
    javalin.jetty.modifyServer(server -> server.setErrorHandler(new MalformedRequests(json)));
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

  public FlinkRestClient flink() {
    return flink;
  }

  public MetricsCollector collector() {
    return monitoring.collector();
  }

  /** Row counts, schema drift and checksums of pipelines (the metrics collector reads these). */
  public DataQualityService quality() {
    return quality;
  }

  /** The alert engine: the metrics collector hands it every round's observations. */
  public AlertEngine alerts() {
    return alerts;
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
    closeAll(resources);
    LOG.info("cdcflow stopped");
  }

  /** Closes in reverse order of opening: Flink, then the catalog store, then its server. */
  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.warn(
            "{} did not close cleanly: {}",
            resources.get(i).getClass().getSimpleName(),
            e.getMessage());
      }
    }
    resources.clear();
  }
}
