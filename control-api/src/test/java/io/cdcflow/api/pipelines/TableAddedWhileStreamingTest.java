package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.Eventually;
import io.cdcflow.testing.TestDatabaseServer;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A table added to a streaming pipeline's selection ({@code POST
 * /api/pipelines/{id}/tables/select}) is copied inside the resumed job while the other tables
 * stream, under a steady stream of changes to it and to the others: its changes during the copy are
 * neither lost nor applied before the copied rows, and the tables copied before are not copied
 * again. A table the job cannot take is refused, and the pipeline resumes with its earlier tables.
 */
class TableAddedWhileStreamingTest {

  static ApiTestServer api;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start(Map.of("CDCFLOW_NEW_TABLES_INTERVAL", "1"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"postgres", "mariadb"})
  void anAddedTableIsCopiedWhileTheOthersStream(String from) throws Exception {
    TestDatabaseServer server =
        from.equals("postgres") ? TestPostgres.shared() : TestMariaDb.shared();
    boolean pg = from.equals("postgres");
    String sourceDb = server.createDatabase("add_src");
    String targetDb = server.createDatabase("add_dst");
    String schema = pg ? "public" : sourceDb;
    String rows =
        pg
            ? " SELECT g, 'row ' || g, g %% 50 FROM generate_series(1, %d) g"
            : " SELECT seq, concat('row ', seq), seq %% 50 FROM seq_1_to_%d";
    server.execute(
        sourceDb,
        "CREATE TABLE parts (id int PRIMARY KEY, name varchar(80) NOT NULL, qty int)",
        "CREATE TABLE bins (id int PRIMARY KEY, name varchar(80) NOT NULL, qty int)",
        "CREATE TABLE extra (id int PRIMARY KEY, name varchar(80) NOT NULL, qty int)",
        "CREATE TABLE nokey (id int, name varchar(80))",
        "INSERT INTO parts" + rows.formatted(3000),
        "INSERT INTO bins" + rows.formatted(100),
        "INSERT INTO extra" + rows.formatted(6000));
    api.addConnection(from + "-add-src", server, sourceDb);
    api.addConnection(from + "-add-dst", server, targetDb);
    String name = from + "-add";
    String pipeline = "/api/pipelines/" + name;
    Map<String, Object> definition =
        Map.of(
            "name",
            name,
            "source",
            from + "-add-src",
            "target",
            from + "-add-dst",
            "mode",
            "FULL_LOAD_AND_CDC",
            "tables",
            Map.of("include", List.of(schema + ".parts", schema + ".bins")),
            "options",
            Map.of("parallelism", 2, "chunk_size", 400, "checkpoint_interval_seconds", 2));
    assertThat(api.post("/api/pipelines", definition).status()).isEqualTo(201);
    assertThat(api.post(pipeline + "/start", null).status()).isEqualTo(200);
    api.awaitState(pipeline, "STREAMING");
    for (String table : List.of("parts", "bins")) {
      Eventually.equals(checksum(server, sourceDb, table), () -> checksum(server, targetDb, table));
    }
    String firstJob = api.get(pipeline + "/status").json().get("flink_job_id").asText();

    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger changes = new AtomicInteger();
    Thread writer =
        new Thread(
            () -> keepChanging(server, sourceDb, List.of("extra", "parts"), writing, changes));
    writer.start();
    try {
      while (changes.get() < 60) {
        Thread.sleep(20);
      }
      var added =
          api.post(
              pipeline + "/tables/select",
              Map.of("tables", List.of(schema + ".parts", schema + ".bins", schema + ".extra")));
      assertThat(added.status()).as(added.body()).isEqualTo(200);
      assertThat(added.json()).hasSize(3);
      JsonNode status = api.awaitState(pipeline, "STREAMING");
      assertThat(status.get("flink_job_id").asText()).isNotEqualTo(firstJob);
      assertThat(status.get("runs"))
          .as(status.toString())
          .anySatisfy(r -> assertThat(r.get("trigger").asText()).isEqualTo("resume"));

      // the other tables stream while the added one is copied
      server.execute(sourceDb, "INSERT INTO bins VALUES (9001, 'during', 1)");
      Eventually.equals(
          "during", () -> server.queryString(targetDb, "SELECT name FROM bins WHERE id = 9001"));
      JsonNode copied =
          Eventually.satisfies(
              "the added table copied",
              () -> api.get(pipeline + "/resnapshots").json(),
              all -> all.size() == 1 && all.get(0).get("state").asText().equals("done"));
      JsonNode extra = copied.get(0);
      assertThat(extra.get("table").asText()).isEqualTo(schema + ".extra");
      assertThat(extra.get("origin").asText()).isEqualTo("added");
      assertThat(extra.get("rows_copied").asLong()).as(extra.toString()).isGreaterThan(5000);
      assertThat(extra.get("ranges_total").asInt()).as(extra.toString()).isGreaterThan(5);
      // the watcher records the copy: a later start does not copy it again
      Eventually.equals(
          "0",
          () ->
              TestPostgres.shared()
                  .queryString(
                      api.catalogDatabase(),
                      "SELECT count(*) FROM cdcflow.pipeline_tables p JOIN cdcflow.pipelines l"
                          + " ON l.id = p.pipeline_id WHERE l.name = '"
                          + name
                          + "' AND p.copied_at IS NULL"));

      writing.set(false);
      writer.join();
      assertThat(changes.get()).as("changes during the copy").isGreaterThan(150);
      for (String table : List.of("parts", "bins", "extra")) {
        Eventually.equals(
            checksum(server, sourceDb, table), () -> checksum(server, targetDb, table));
      }

      // a table the job cannot take (no key): refused, and the pipeline resumes as it was
      var refused =
          api.post(
              pipeline + "/tables/select",
              Map.of(
                  "tables",
                  List.of(
                      schema + ".parts", schema + ".bins", schema + ".extra", schema + ".nokey")));
      assertThat(refused.status()).as(refused.body()).isEqualTo(409);
      assertThat(refused.json().get("detail").asText())
          .contains("no primary key")
          .contains("resumed with its earlier tables");
      assertThat(refused.body()).contains("nokey");
      api.awaitState(pipeline, "STREAMING");
      assertThat(api.get(pipeline + "/tables/mapping").json())
          .extracting(t -> t.at("/source/name").asText())
          .containsExactlyInAnyOrder("bins", "extra", "parts");
      server.execute(sourceDb, "INSERT INTO extra VALUES (9002, 'after', 1)");
      Eventually.equals(
          "after", () -> server.queryString(targetDb, "SELECT name FROM extra WHERE id = 9002"));
      JsonNode after = api.get(pipeline + "/resnapshots").json();
      assertThat(after).as("no table copied again by the resumed job").hasSize(1);
      assertThat(after.get(0).get("table").asText()).isEqualTo(schema + ".extra");
    } finally {
      writing.set(false);
      writer.join();
      api.post(pipeline + "/stop", null);
      api.delete(pipeline);
    }
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"postgres", "mariadb"})
  void aTableCreatedAtTheSourceThatMatchesThePatternsIsTakenIn(String from) throws Exception {
    TestDatabaseServer server =
        from.equals("postgres") ? TestPostgres.shared() : TestMariaDb.shared();
    String sourceDb = server.createDatabase("new_src");
    String targetDb = server.createDatabase("new_dst");
    String schema = from.equals("postgres") ? "public" : sourceDb;
    server.execute(
        sourceDb,
        "CREATE TABLE auto_a (id int PRIMARY KEY, name varchar(80) NOT NULL, qty int)",
        "CREATE TABLE other (id int PRIMARY KEY, name varchar(80) NOT NULL, qty int)",
        "INSERT INTO auto_a VALUES (1, 'a', 1), (2, 'b', 2)");
    api.addConnection(from + "-new-src", server, sourceDb);
    api.addConnection(from + "-new-dst", server, targetDb);
    String name = from + "-new";
    String pipeline = "/api/pipelines/" + name;
    Map<String, Object> definition =
        Map.of(
            "name",
            name,
            "source",
            from + "-new-src",
            "target",
            from + "-new-dst",
            "mode",
            "FULL_LOAD_AND_CDC",
            "tables",
            Map.of("include", List.of(schema + ".auto_*")),
            "options",
            Map.of("parallelism", 2, "chunk_size", 200, "checkpoint_interval_seconds", 2));
    assertThat(api.post("/api/pipelines", definition).status()).isEqualTo(201);
    try {
      assertThat(api.post(pipeline + "/start", null).status()).isEqualTo(200);
      api.awaitState(pipeline, "STREAMING");
      Eventually.equals(
          checksum(server, sourceDb, "auto_a"), () -> checksum(server, targetDb, "auto_a"));
      String firstJob = api.get(pipeline + "/status").json().get("flink_job_id").asText();

      // created, filled and changed while the pipeline streams; a table the patterns do not
      // match is left alone
      String rows =
          from.equals("postgres")
              ? " SELECT g, 'row ' || g, g FROM generate_series(1, 1500) g"
              : " SELECT seq, concat('row ', seq), seq FROM seq_1_to_1500";
      server.execute(
          sourceDb,
          "CREATE TABLE auto_b (id int PRIMARY KEY, name varchar(80) NOT NULL, qty int)",
          "INSERT INTO auto_b" + rows,
          "UPDATE auto_b SET name = 'changed' WHERE id <= 10",
          "DELETE FROM auto_b WHERE id > 1490",
          "INSERT INTO other VALUES (1, 'not matched', 1)");
      JsonNode copied =
          Eventually.satisfies(
              "the new table copied",
              () -> api.get(pipeline + "/resnapshots").json(),
              all -> all.size() == 1 && all.get(0).get("state").asText().equals("done"));
      assertThat(copied.get(0).get("table").asText()).isEqualTo(schema + ".auto_b");
      assertThat(copied.get(0).get("origin").asText()).isEqualTo("added");
      // a small table's copy may end before the resumed job's phase is read back
      JsonNode status = api.awaitState(pipeline, "STREAMING");
      assertThat(status.get("flink_job_id").asText()).isNotEqualTo(firstJob);

      server.execute(
          sourceDb,
          "UPDATE auto_b SET qty = -1 WHERE id = 20",
          "INSERT INTO auto_a VALUES (3, 'c', 3)");
      for (String table : List.of("auto_a", "auto_b")) {
        Eventually.equals(
            checksum(server, sourceDb, table), () -> checksum(server, targetDb, table));
      }
      assertThat(api.get(pipeline + "/tables/mapping").json())
          .extracting(t -> t.at("/source/name").asText())
          .containsExactlyInAnyOrder("auto_a", "auto_b");
    } finally {
      api.post(pipeline + "/stop", null);
      api.delete(pipeline);
    }
  }

  private static String checksum(TestDatabaseServer server, String db, String table) {
    String rows = "concat_ws('|', id, name, qty)";
    return server.queryString(
        db,
        server instanceof TestPostgres
            ? "SELECT count(*) || ':' || coalesce(md5(string_agg("
                + rows
                + ", ',' ORDER BY id)), '')"
                + " FROM "
                + table
            : "SELECT concat(count(*), ':', coalesce(sum(crc32(" + rows + ")), 0)) FROM " + table);
  }

  /** Updates, deletes and inserts rows of the tables, round by round, until told to stop. */
  private static void keepChanging(
      TestDatabaseServer server,
      String db,
      List<String> tables,
      AtomicBoolean on,
      AtomicInteger count) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int next = 1_000_000;
    List<String> statements = new ArrayList<>();
    try (Connection c = server.connect(db);
        Statement st = c.createStatement()) {
      while (on.get()) {
        for (String table : tables) {
          statements.clear();
          statements.add(
              "UPDATE "
                  + table
                  + " SET qty = qty + 1, name = 'changed' WHERE id = "
                  + (1 + random.nextInt(3000)));
          statements.add("DELETE FROM " + table + " WHERE id = " + (1 + random.nextInt(3000)));
          statements.add("INSERT INTO " + table + " VALUES (" + next++ + ", 'new', 0)");
          for (String sql : statements) {
            st.execute(sql);
          }
          count.addAndGet(statements.size());
        }
        Thread.sleep(5);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
