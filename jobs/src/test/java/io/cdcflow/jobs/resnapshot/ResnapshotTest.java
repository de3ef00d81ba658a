package io.cdcflow.jobs.resnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.PipelineJob;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.testing.FlinkCluster;
import io.cdcflow.jobs.testing.FlinkRest;
import io.cdcflow.jobs.testing.InjectedFailure;
import io.cdcflow.jobs.testing.Pipelines;
import io.cdcflow.testing.TestDatabaseServer;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A streaming pipeline's target table is damaged (rows deleted, changed, and rows the source never
 * had); the table is copied again inside the running job, through Flink's REST API as the control
 * API asks, while the source keeps changing both tables. The other table keeps streaming during the
 * copy, the job never restarts, and both tables end equal to the source.
 */
class ResnapshotTest {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

  private static final int ROWS = 20_000;

  @ParameterizedTest(name = "from {0}, the job failing in the middle: {1}")
  @CsvSource({"postgres, false", "mariadb, true"})
  void aDamagedTableIsCopiedAgainWhileTheOtherKeepsStreaming(
      String from, boolean failMidway, @InjectMiniCluster MiniCluster cluster) throws Exception {
    TestPostgres pg = TestPostgres.shared();
    TestDatabaseServer server = from.equals("postgres") ? pg : TestMariaDb.shared();
    String source = server.createDatabase("rs_src");
    String schema = from.equals("postgres") ? "public" : source;
    TableId damaged = new TableId(schema, "t");
    TableId other = new TableId(schema, "other");
    String series =
        from.equals("postgres")
            ? " SELECT g, 'v' || g, 0 FROM generate_series(1, " + ROWS + ") g"
            : " SELECT seq, concat('v', seq), 0 FROM seq_1_to_" + ROWS;
    server.execute(
        source,
        "CREATE TABLE " + damaged + " (id int PRIMARY KEY, v varchar(40), n int NOT NULL)",
        "CREATE TABLE " + other + " (id int PRIMARY KEY, v varchar(40), n int NOT NULL)",
        "INSERT INTO " + damaged + series,
        "INSERT INTO " + other + series.replace(String.valueOf(ROWS), "100"));
    String target = pg.createDatabase("rs_dst");
    PipelineSpec spec =
        Pipelines.spec(
            "rs-" + from,
            PipelineMode.FULL_LOAD_AND_CDC,
            server.config(source),
            List.of(damaged, other),
            pg.config(target),
            id -> new TableId("public", id.name()),
            Pipelines.testOptions()
                .snapshotChunkSize(1000)
                .serverIdStart(6400L)
                .restartAttempts(failMidway ? 1 : 0)
                .restartDelay(Duration.ofSeconds(1))
                .build());
    assertThat(ResnapshotTranslator.reasonNotSupported(spec)).isEmpty();

    JobClient job = PipelineJob.submit(StreamExecutionEnvironment.getExecutionEnvironment(), spec);
    FlinkRest rest = new FlinkRest(cluster.getRestAddress().get());
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger changes = new AtomicInteger();
    Thread writer = new Thread(() -> keepChanging(server, source, damaged, writing, changes));
    try {
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(120));
      // the damage: rows lost, rows changed, rows the source never had (in gaps and beyond)
      pg.execute(
          target,
          "DELETE FROM public.t WHERE id % 97 = 1",
          "UPDATE public.t SET v = 'damaged', n = -1 WHERE id % 89 = 2",
          "INSERT INTO public.t SELECT g, 'ghost', 0 FROM generate_series(2000001, 2000700) g");
      pg.execute(target, "DELETE FROM public.t WHERE id BETWEEN 100 AND 120");
      // the copied rows (as first inserted) are written slowly, so that the other table's changes
      // are seen to arrive meanwhile; once told to, the next write fails, once
      pg.execute(target, "CREATE TABLE public.fail_now (yes boolean)");
      pg.execute(
          target,
          InjectedFailure.on(
              "public.t",
              "EXISTS (SELECT 1 FROM public.fail_now)",
              "IF NEW.v LIKE 'v%' THEN PERFORM pg_sleep(0.0002); END IF;"));
      writer.start();
      changes.set(0);
      while (changes.get() < 50) {
        Thread.sleep(20);
      }

      ResnapshotRequest.Response accepted =
          ask(rest, job, new ResnapshotRequest.Start(damaged.toString()));
      assertThat(accepted.refusal()).isNull();
      assertThat(accepted.tables())
          .extracting(ResnapshotProgress::table)
          .contains(damaged.toString());

      server.execute(source, "INSERT INTO " + other + " VALUES (5000, 'during', 1)");
      awaitRow(pg, target, "SELECT v FROM public.other WHERE id = 5000", "during");
      assertThat(progress(rest, job).phase())
          .as("the other table streamed while the damaged one was being copied")
          .isIn(ResnapshotProgress.Phase.QUEUED, ResnapshotProgress.Phase.COPYING);

      if (failMidway) {
        // the job fails and is restored from its last checkpoint: coordinator and operator take
        // the copy up again from the ranges that checkpoint had not seen done
        ResnapshotProgress before = awaitRangesDone(rest, job, 5);
        pg.execute(target, "INSERT INTO public.fail_now VALUES (true)");
        assertThat(before.phase())
            .as(before.toString())
            .isEqualTo(ResnapshotProgress.Phase.COPYING);
        assertThat(before.rangesDone()).as(before.toString()).isLessThan(before.rangesTotal() / 2);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (InjectedFailure.rowsThatMetIt(pg, target) == 0 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(InjectedFailure.rowsThatMetIt(pg, target)).as("the write failed").isPositive();
      }
      ResnapshotProgress done = awaitFinished(rest, job);
      assertThat(done.phase())
          .as(String.valueOf(done.message()))
          .isEqualTo(ResnapshotProgress.Phase.DONE);
      assertThat(done.rangesDone()).isEqualTo(done.rangesTotal()).isGreaterThanOrEqualTo(20);
      assertThat(done.rowsCopied()).isGreaterThan(ROWS / 2);
      assertThat(done.rowsRemoved()).as("ghost rows removed").isGreaterThanOrEqualTo(700);

      writing.set(false);
      writer.join();
      assertThat(changes.get()).as("source changes during the copy").isGreaterThan(100);
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
      assertThat(
              rest.get("/jobs/" + job.getJobID() + "/exceptions")
                  .path("exceptionHistory")
                  .path("entries")
                  .size())
          .as("the job failed as told, and only then")
          .isEqualTo(failMidway ? 1 : 0);

      ResnapshotRequest.Response unknown =
          ask(rest, job, new ResnapshotRequest.Start(schema + ".nothing"));
      assertThat(unknown.refusal()).isEqualTo(ResnapshotRequest.Refusal.NO_SUCH_TABLE);
      assertThat(unknown.why()).contains("copies no table");
    } finally {
      writing.set(false);
      if (writer.isAlive()) {
        writer.join();
      }
      Pipelines.cancel(job);
      Pipelines.dropReplication(spec);
    }
  }

  private static ResnapshotRequest.Response ask(
      FlinkRest rest, JobClient job, ResnapshotRequest request) throws Exception {
    JsonNode body =
        JsonNodeFactory.instance
            .objectNode()
            .put(ResnapshotRequest.REQUEST_FIELD, request.serialized());
    JsonNode answer =
        rest.post(
            "/jobs/" + job.getJobID() + "/coordinators/" + ResnapshotTranslator.OPERATOR_ID, body);
    return ResnapshotRequest.response(answer.path(ResnapshotRequest.RESPONSE_FIELD).asText());
  }

  private static ResnapshotProgress progress(FlinkRest rest, JobClient job) throws Exception {
    List<ResnapshotProgress> all = ask(rest, job, new ResnapshotRequest.Query()).tables();
    return all.get(all.size() - 1);
  }

  private static ResnapshotProgress awaitFinished(FlinkRest rest, JobClient job) throws Exception {
    return await(rest, job, p -> p.phase().finished());
  }

  private static ResnapshotProgress awaitRangesDone(FlinkRest rest, JobClient job, int ranges)
      throws Exception {
    return await(rest, job, p -> p.rangesDone() >= ranges || p.phase().finished());
  }

  /** Polls the copy's progress until it meets the condition; a job restarting answers nothing. */
  private static ResnapshotProgress await(
      FlinkRest rest, JobClient job, java.util.function.Predicate<ResnapshotProgress> condition)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    ResnapshotProgress last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = progress(rest, job);
        if (condition.test(last)) {
          return last;
        }
      } catch (IllegalStateException restarting) {
        // the job is being restored
      }
      Thread.sleep(200);
    }
    throw new AssertionError("copy not as awaited: " + last);
  }

  private static void awaitRow(TestPostgres pg, String db, String sql, String expected)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!expected.equals(pg.queryString(db, sql))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not arrived: " + sql);
      }
      Thread.sleep(50);
    }
  }

  /** Updates, deletes and inserts rows of the table until told to stop. */
  private static void keepChanging(
      TestDatabaseServer server, String db, TableId table, AtomicBoolean on, AtomicInteger count) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int next = 3_000_000;
    try (Connection c = server.connect(db);
        Statement st = c.createStatement()) {
      while (on.get()) {
        int id = 1 + random.nextInt(ROWS);
        st.execute("UPDATE " + table + " SET n = n + 1, v = 'changed' WHERE id = " + id);
        st.execute("DELETE FROM " + table + " WHERE id = " + (1 + random.nextInt(ROWS)));
        st.execute("INSERT INTO " + table + " VALUES (" + next++ + ", 'new', 0)");
        count.addAndGet(3);
        Thread.sleep(3);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
