package io.cdcflow.api.server;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import io.cdcflow.api.alerting.AlertChannelController;
import io.cdcflow.api.alerting.AlertController;
import io.cdcflow.api.alerting.AlertRuleController;
import io.cdcflow.api.connections.ConnectionController;
import io.cdcflow.api.connectors.ConnectorController;
import io.cdcflow.api.discovery.DiscoveryController;
import io.cdcflow.api.monitoring.HealthController;
import io.cdcflow.api.monitoring.MonitoringController;
import io.cdcflow.api.pipelines.LifecycleController;
import io.cdcflow.api.pipelines.PipelineController;
import io.cdcflow.api.quality.DataQualityController;
import io.cdcflow.api.verification.VerificationController;

/** Every route of the REST API, in one place. */
public final class Router {

  private final ConnectionController connections;
  private final DiscoveryController discovery;
  private final PipelineController pipelines;
  private final LifecycleController lifecycle;
  private final MonitoringController monitoring;
  private final HealthController health;
  private final DataQualityController quality;
  private final AlertController alerts;
  private final AlertRuleController alertRules;
  private final AlertChannelController alertChannels;
  private final ConnectorController connectors;
  private final VerificationController verification;

  public Router(
      ConnectionController connections,
      DiscoveryController discovery,
      PipelineController pipelines,
      LifecycleController lifecycle,
      MonitoringController monitoring,
      HealthController health,
      DataQualityController quality,
      AlertController alerts,
      AlertRuleController alertRules,
      AlertChannelController alertChannels,
      ConnectorController connectors,
      VerificationController verification) {
    this.connections = connections;
    this.discovery = discovery;
    this.pipelines = pipelines;
    this.lifecycle = lifecycle;
    this.monitoring = monitoring;
    this.health = health;
    this.quality = quality;
    this.alerts = alerts;
    this.alertRules = alertRules;
    this.alertChannels = alertChannels;
    this.connectors = connectors;
    this.verification = verification;
  }

  public void routes() {
    path(
        "api",
        () -> {
          path(
              "connections",
              () -> {
                get(connections::list);
                post(connections::create);
                post("test", connections::testUnsaved);
                path(
                    "{id}",
                    () -> {
                      get(connections::get);
                      put(connections::update);
                      delete(connections::delete);
                      post("test", connections::test);
                      get("test/history", connections::history);
                      get("databases", discovery::databases);
                      get("schemas", discovery::schemas);
                      get("tables", discovery::tables);
                      get("tables/size-estimate", discovery::sizeEstimate);
                      get("tables/{name}/dependencies", discovery::dependencies);
                      get("table/{name}/schema", discovery::table);
                      get("discover", discovery::discover);
                    });
              });
          path(
              "connectors",
              () -> {
                get(connectors::list);
                path(
                    "{name}",
                    () -> {
                      get("status", connectors::status);
                      post("restart", connectors::restart);
                    });
              });
          path(
              "pipelines",
              () -> {
                get(pipelines::list);
                post(pipelines::create);
                post("batch", pipelines::batch);
                path(
                    "{id}",
                    () -> {
                      get(pipelines::get);
                      put(pipelines::update);
                      delete(lifecycle::delete);
                      post("validate", pipelines::validate);
                      get("tables/preview", pipelines::preview);
                      get("tables/mapping", pipelines::mapping);
                      post("tables/select", pipelines::select);
                      get("schema/diff", pipelines::diff);
                      post("schema/create", pipelines::createSchema);
                      post("start", lifecycle::start);
                      post("stop", lifecycle::stop);
                      get("status", lifecycle::status);
                      post("recover", lifecycle::recover);
                      post("resnapshot", lifecycle::resnapshotAll);
                      post("tables/{table}/resnapshot", lifecycle::resnapshot);
                      get("resnapshots", lifecycle::resnapshots);
                      get("verification", verification::view);
                      post("repair", verification::repair);
                    });
              });
          path(
              "monitoring",
              () -> {
                get("health", health::health);
                get("dashboard", monitoring::dashboard);
                path(
                    "pipelines/{id}",
                    () -> {
                      get("metrics", monitoring::metrics);
                      get("metrics/history", monitoring::history);
                      get("lag", monitoring::lag);
                      get("health", monitoring::health);
                      get("data-quality", quality::report);
                      post("data-quality/checksum", quality::checksum);
                    });
                path(
                    "alerts",
                    () -> {
                      get(alerts::list);
                      path(
                          "{id}",
                          () -> {
                            get(alerts::get);
                            post("acknowledge", alerts::acknowledge);
                            post("resolve", alerts::resolve);
                          });
                    });
                path(
                    "alert-rules",
                    () -> {
                      get(alertRules::list);
                      post(alertRules::create);
                      get("effective", alertRules::effective);
                      path(
                          "{id}",
                          () -> {
                            get(alertRules::get);
                            put(alertRules::update);
                            delete(alertRules::delete);
                          });
                    });
                path(
                    "alert-channels",
                    () -> {
                      get(alertChannels::list);
                      post(alertChannels::create);
                      path(
                          "{id}",
                          () -> {
                            get(alertChannels::get);
                            put(alertChannels::update);
                            delete(alertChannels::delete);
                            post("test", alertChannels::test);
                          });
                    });
              });
        });
    get("metrics", monitoring::scrape);
  }
}
