package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.Eventually;
import io.cdcflow.api.flink.FlinkSessionCluster;
import io.cdcflow.testing.TestPostgres;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pipeline on a separate Flink session cluster (JobManager and TaskManager as their own JVMs,
 * reached only through CDCFLOW_FLINK_URL): the jobs jar is uploaded, the pipeline runs end to end,
 * stops with a savepoint and resumes from it.
 */
class RemoteClusterPipelineTest {

  static final String SECRET_KEY = "a passphrase only the platform and its cluster know";

  static FlinkSessionCluster cluster;
  static ApiTestServer api;
  static TestPostgres pg;
  static String sourceDb;
  static String targetDb;

  @BeforeAll
  static void start() throws Exception {
    // the cluster holds the platform's key, so it can open the sealed specs the API submits
    cluster =
        FlinkSessionCluster.start(
            Files.createTempDirectory("cdcflow-remote-flink-"),
            configuration -> configuration.setString("cdcflow.secret-key", SECRET_KEY));
    pg = TestPostgres.shared();
    sourceDb = pg.createDatabase("remote_src");
    targetDb = pg.createDatabase("remote_dst");
    pg.execute(
        sourceDb,
        "CREATE TABLE public.accounts (id int PRIMARY KEY, owner text NOT NULL, balance numeric(14,2) NOT NULL)",
        "INSERT INTO public.accounts SELECT g, 'owner ' || g, g * 10 FROM generate_series(1, 2000) g");
    api =
        ApiTestServer.start(
            Map.of(
                "CDCFLOW_FLINK_URL",
                cluster.restUrl().toString(),
                "CDCFLOW_SECRET_KEY",
                SECRET_KEY));
    api.addConnection("src", pg, sourceDb);
    api.addConnection("dst", pg, targetDb);
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void runsStopsAndResumesOnTheRemoteCluster() throws Exception {
    JsonNode health = api.get("/api/monitoring/health").json();
    assertThat(health.at("/components/flink/detail").asText())
        .contains(cluster.restUrl().toString());

    api.post(
        "/api/pipelines",
        Map.of(
            "name",
            "remote-accounts",
            "source",
            "src",
            "target",
            "dst",
            "mode",
            "FULL_LOAD_AND_CDC",
            "tables",
            Map.of("include", List.of("public.accounts")),
            "options",
            Map.of("parallelism", 1, "checkpoint_interval_seconds", 2)));
    JsonNode started = api.post("/api/pipelines/remote-accounts/start", null).json();
    assertThat(started.get("flink_job_id").asText()).as(started.toString()).hasSize(32);
    pg.execute(
        sourceDb,
        "UPDATE public.accounts SET balance = balance + 1 WHERE id <= 100",
        "DELETE FROM public.accounts WHERE id > 1990");
    awaitEqual();

    JsonNode jobs =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                java.net.http.HttpClient.newHttpClient()
                    .send(
                        java.net.http.HttpRequest.newBuilder(
                                cluster.restUrl().resolve("/jobs/overview"))
                            .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body());
    assertThat(jobs.findValuesAsText("name"))
        .anySatisfy(name -> assertThat(name).contains("remote-accounts"));

    JsonNode stopped = api.post("/api/pipelines/remote-accounts/stop", null).json();
    assertThat(stopped.get("state").asText()).as(stopped.toString()).isEqualTo("STOPPED");
    pg.execute(sourceDb, "INSERT INTO public.accounts VALUES (5000, 'while stopped', 1)");
    JsonNode resumed = api.post("/api/pipelines/remote-accounts/start", null).json();
    assertThat(resumed.path("restored_from").asText())
        .as(resumed.toString())
        .isEqualTo(stopped.get("savepoint").asText());
    awaitEqual();
    api.post("/api/pipelines/remote-accounts/stop", null);
  }

  private static void awaitEqual() {
    Eventually.sameRows(pg, sourceDb, targetDb, "public.accounts", "");
  }
}
