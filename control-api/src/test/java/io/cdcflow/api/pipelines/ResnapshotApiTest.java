package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.Eventually;
import io.cdcflow.testing.TestMariaDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/pipelines/{id}/tables/{table}/resnapshot} repairs a damaged target table of a
 * streaming MariaDB → MariaDB pipeline inside its running job, and refuses what it cannot do.
 */
class ResnapshotApiTest {

  static ApiTestServer api;
  static TestMariaDb maria;
  static String sourceDb;
  static String targetDb;

  private static final String CHECKSUM =
      "SELECT concat(count(*), ':', coalesce(sum(crc32(concat_ws('|', id, name, qty))), 0))"
          + " FROM parts";

  @BeforeAll
  static void start() {
    maria = TestMariaDb.shared();
    sourceDb = maria.createDatabase("rsapi_src");
    targetDb = maria.createDatabase("rsapi_dst");
    maria.execute(
        sourceDb,
        "CREATE TABLE parts (id int PRIMARY KEY, name varchar(80) NOT NULL, qty int)",
        "CREATE TABLE bins (id int PRIMARY KEY, label varchar(20))",
        // a third table: its gauges once made the metric query too long for Flink, and the
        // pipeline never left SNAPSHOTTING
        "CREATE TABLE stamps (at timestamp PRIMARY KEY, label varchar(20))",
        "INSERT INTO parts SELECT seq, concat('part ', seq), seq % 50 FROM seq_1_to_4000",
        "INSERT INTO bins VALUES (1, 'a')");
    api = ApiTestServer.start();
    api.addConnection("rsrc", maria, sourceDb);
    api.addConnection("rdst", maria, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private record Cli(int exit, String output) {}

  private static Cli cli(String... args) {
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    int exit =
        new io.cdcflow.api.cli.CliCommands(
                api.baseUrl(),
                api.adminToken(),
                new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8))
            .run(List.of(args));
    return new Cli(exit, buffer.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void aDamagedTableIsRepairedWhileThePipelineStreams() {
    Map<String, Object> definition =
        Map.of(
            "name",
            "repair",
            "source",
            "rsrc",
            "target",
            "rdst",
            "mode",
            "FULL_LOAD_AND_CDC",
            "tables",
            Map.of("include", List.of(sourceDb + ".*")),
            "options",
            Map.of("parallelism", 2, "chunk_size", 500, "checkpoint_interval_seconds", 2));
    assertThat(api.post("/api/pipelines", definition).status()).isEqualTo(201);
    var notYet = api.post("/api/pipelines/repair/tables/parts/resnapshot", null);
    assertThat(notYet.status()).as(notYet.body()).isEqualTo(409);
    assertThat(notYet.json().get("title").asText()).isEqualTo("Pipeline not streaming");

    assertThat(api.post("/api/pipelines/repair/start", null).status()).isEqualTo(200);
    Eventually.equals(
        "STREAMING", () -> api.get("/api/pipelines/repair/status").json().get("state").asText());
    String job = api.get("/api/pipelines/repair/status").json().get("flink_job_id").asText();
    String expected = maria.queryString(sourceDb, CHECKSUM);
    Eventually.equals(expected, () -> maria.queryString(targetDb, CHECKSUM));
    assertThat(api.get("/api/pipelines/repair/resnapshots").json()).isEmpty();

    var unknown = api.post("/api/pipelines/repair/tables/nothing/resnapshot", null);
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
    assertThat(unknown.json().get("detail").asText()).contains("copies no table nothing");

    // a key whose text depends on the session's zone is not compared between the databases
    var stamps = api.post("/api/pipelines/repair/tables/stamps/resnapshot", null);
    assertThat(stamps.status()).as(stamps.body()).isEqualTo(409);
    assertThat(stamps.json().get("detail").asText()).contains("key column at");

    // lost, changed and never-had rows in the target
    maria.execute(
        targetDb,
        "DELETE FROM parts WHERE id % 37 = 0",
        "UPDATE parts SET name = 'damaged' WHERE id % 41 = 0",
        "INSERT INTO parts SELECT seq, 'ghost', 0 FROM seq_100001_to_100040");
    assertThat(maria.queryString(targetDb, CHECKSUM)).isNotEqualTo(expected);
    // the data-quality check names the way out
    JsonNode quality = api.get("/api/monitoring/pipelines/repair/data-quality?exact=true").json();
    JsonNode damaged = null;
    for (JsonNode t : quality.get("tables")) {
      if (t.at("/source_table/name").asText().equals("parts")) {
        damaged = t;
      }
    }
    assertThat(damaged).as(quality.toString()).isNotNull();
    assertThat(damaged.get("repair").asText())
        .isEqualTo("POST /api/pipelines/repair/tables/" + sourceDb + ".parts/resnapshot");

    var accepted = api.post("/api/pipelines/repair/tables/parts/resnapshot", null);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    assertThat(accepted.json().get("table").asText()).isEqualTo(sourceDb + ".parts");
    assertThat(accepted.json().get("state").asText())
        .isIn("queued", "copying", "removing_absent", "done");

    JsonNode done =
        Eventually.satisfies(
            "the table copied again",
            () -> api.get("/api/pipelines/repair/resnapshots").json().get(0),
            r -> r.get("state").asText().equals("done"));
    assertThat(done.get("rows_copied").asLong()).as(done.toString()).isEqualTo(4000);
    assertThat(done.get("rows_removed").asLong()).as(done.toString()).isEqualTo(40);
    assertThat(done.get("ranges_done").asInt()).isEqualTo(done.get("ranges_total").asInt());
    assertThat(done.get("finished_at").isTextual()).as(done.toString()).isTrue();
    Eventually.equals(expected, () -> maria.queryString(targetDb, CHECKSUM));

    // the pipeline went on streaming in the same job
    maria.execute(sourceDb, "INSERT INTO parts VALUES (5000, 'after', 1)");
    Eventually.equals(
        "after", () -> maria.queryString(targetDb, "SELECT name FROM parts WHERE id = 5000"));
    JsonNode status = api.get("/api/pipelines/repair/status").json();
    assertThat(status.get("flink_job_id").asText()).as(status.toString()).isEqualTo(job);
    assertThat(status.get("runs").size()).as(status.toString()).isEqualTo(1);

    // the same through the CLI
    assertThat(cli("resnapshot", "repair").exit()).isEqualTo(2);
    String again = cli("resnapshot", "repair", sourceDb + ".parts").output();
    assertThat(again).contains("\"table\" : \"" + sourceDb + ".parts\"");
    Eventually.equals(
        2,
        () -> {
          JsonNode all = api.get("/api/pipelines/repair/resnapshots").json();
          return all.get(all.size() - 1).get("state").asText().equals("done") ? all.size() : -1;
        });
    assertThat(cli("resnapshots", "repair").output()).contains("\"rows_copied\" : 4001");

    var viewer =
        api.as(api.viewerToken()).post("/api/pipelines/repair/tables/parts/resnapshot", null);
    assertThat(viewer.status()).isIn(401, 403);

    assertThat(api.post("/api/pipelines/repair/stop", null).status()).isEqualTo(200);
    assertThat(api.get("/api/pipelines/repair/resnapshots").json()).isEmpty();
    assertThat(api.post("/api/pipelines/repair/tables/parts/resnapshot", null).status())
        .isEqualTo(409);
  }
}
