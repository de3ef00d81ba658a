package io.cdcflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.PipelineSpecJson;
import io.cdcflow.jobs.spec.TableSpec;
import io.cdcflow.jobs.testing.FlinkCluster;
import io.cdcflow.jobs.testing.MariaDbShopFixture;
import io.cdcflow.jobs.testing.Pipelines;
import io.cdcflow.jobs.testing.PostgresShopFixture;
import io.cdcflow.jobs.testing.SourceFixture;
import io.cdcflow.jobs.testing.TableComparison;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** FULL_LOAD_ONLY finishes by itself with a full copy; CDC_ONLY copies only later changes. */
class ModesTest {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

  @Test
  void fullLoadOnlyFinishesByItselfThroughTheMain(@TempDir Path dir) throws Exception {
    TestPostgres pg = TestPostgres.shared();
    PostgresShopFixture shop = new PostgresShopFixture(pg, pg.createDatabase("full_src"), 1000);
    shop.create();
    String targetDb = pg.createDatabase("full_dst");
    PipelineSpec spec =
        Pipelines.spec(
            "pg-full-only",
            PipelineMode.FULL_LOAD_ONLY,
            pg.config(shop.database()),
            List.copyOf(shop.tables().keySet()),
            pg.config(targetDb),
            id -> new TableId("copy", id.name()),
            Pipelines.testOptions().build());
    Path file = dir.resolve("spec.json");
    Files.writeString(file, PipelineSpecJson.write(spec));
    try {
      // the main blocks until the job ends: a snapshot-only job ends by itself
      PipelineJob.main(new String[] {"--spec-file", file.toString()});
      assertThat(Pipelines.differences(spec)).isEmpty();
      shop.execute("UPDATE public.orders SET customer = 'after the job' WHERE id = 1");
      assertThat(Pipelines.differences(spec)).hasSize(1);
    } finally {
      Pipelines.dropReplication(spec);
    }
  }

  @Test
  void fullLoadOnlyFromMariaDbFinishes() throws Exception {
    TestMariaDb maria = TestMariaDb.shared();
    MariaDbShopFixture shop = new MariaDbShopFixture(maria, maria.createDatabase("full_src"), 1000);
    shop.create();
    String targetDb = maria.createDatabase("full_dst");
    PipelineSpec spec =
        Pipelines.spec(
            "my-full-only",
            PipelineMode.FULL_LOAD_ONLY,
            maria.config(shop.database()),
            List.copyOf(shop.tables().keySet()),
            maria.config(targetDb),
            id -> new TableId(targetDb, id.name()),
            Pipelines.testOptions().serverIdStart(6300L).build());
    JobClient job = PipelineJob.submit(StreamExecutionEnvironment.getExecutionEnvironment(), spec);
    job.getJobExecutionResult()
        .get(
            java.util.concurrent.TimeUnit.MINUTES.toMillis(3),
            java.util.concurrent.TimeUnit.MILLISECONDS);
    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
    assertThat(Pipelines.differences(spec)).isEmpty();
  }

  /** What the control API runs by default for a full load: no backfill per chunk. */
  @Test
  void fullLoadOnlyWithoutBackfillFinishesWithAFullCopy() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    PostgresShopFixture shop = new PostgresShopFixture(pg, pg.createDatabase("nobf_src"), 1000);
    shop.create();
    PipelineSpec spec =
        Pipelines.spec(
            "pg-full-no-backfill",
            PipelineMode.FULL_LOAD_ONLY,
            pg.config(shop.database()),
            List.copyOf(shop.tables().keySet()),
            pg.config(pg.createDatabase("nobf_dst")),
            id -> id,
            Pipelines.testOptions().skipSnapshotBackfill(true).build());
    try {
      JobClient job =
          PipelineJob.submit(StreamExecutionEnvironment.getExecutionEnvironment(), spec);
      job.getJobExecutionResult()
          .get(
              java.util.concurrent.TimeUnit.MINUTES.toMillis(3),
              java.util.concurrent.TimeUnit.MILLISECONDS);
      assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
      assertThat(Pipelines.differences(spec)).isEmpty();
    } finally {
      Pipelines.dropReplication(spec);
    }
  }

  @Test
  void cdcOnlyFromPostgresCopiesOnlyLaterChanges() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    PostgresShopFixture shop = new PostgresShopFixture(pg, pg.createDatabase("cdc_src"), 200);
    cdcOnly(shop, pg.config(pg.createDatabase("cdc_dst")), id -> id, null);
  }

  @Test
  void cdcOnlyFromMariaDbCopiesOnlyLaterChanges() throws Exception {
    TestMariaDb maria = TestMariaDb.shared();
    MariaDbShopFixture shop = new MariaDbShopFixture(maria, maria.createDatabase("cdc_src"), 200);
    TestPostgres pg = TestPostgres.shared();
    cdcOnly(
        shop,
        pg.config(pg.createDatabase("cdc_dst")),
        id -> new TableId("public", id.name()),
        6400L);
  }

  private static void cdcOnly(
      SourceFixture shop,
      io.cdcflow.catalog.connection.ConnectionConfig target,
      java.util.function.Function<TableId, TableId> targetName,
      Long serverIdStart)
      throws Exception {
    shop.create();
    PipelineSpec spec =
        Pipelines.spec(
            "cdc-only-" + shop.server().type().id(),
            PipelineMode.CDC_ONLY,
            shop.server().config(shop.database()),
            List.copyOf(shop.tables().keySet()),
            target,
            targetName,
            Pipelines.testOptions().serverIdStart(serverIdStart).build());
    JobClient job = PipelineJob.submit(StreamExecutionEnvironment.getExecutionEnvironment(), spec);
    try {
      Pipelines.awaitRunning(job, Duration.ofSeconds(60));
      awaitStreaming(spec);
      try (Connection c = shop.server().connect(shop.database())) {
        shop.everyKindOfChange(c);
      }
      TableSpec orders = spec.tables().get(0);
      TableSpec items = spec.tables().get(1);
      // the changes above touched these keys; nothing else may reach the target
      Set<String> orderKeys =
          shop.server().type() == DatabaseType.POSTGRES
              ? Set.of("3", "202")
              : Set.of("3", "202", "9223372036854775809");
      Set<String> itemKeys = Set.of("4|98", "6|1");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      List<String> diffs;
      do {
        Thread.sleep(500);
        diffs = new java.util.ArrayList<>();
        diffs.addAll(restricted(spec, orders, orderKeys));
        diffs.addAll(restricted(spec, items, itemKeys));
        // the mixed-case row inserted and re-keyed: its table's changes may land after the others
        long mixed = TableComparison.count(spec.target(), spec.tables().get(2).targetTable());
        if (mixed != 1) {
          diffs.add(spec.tables().get(2).targetTable() + " has " + mixed + " rows, not 1");
        }
      } while (!diffs.isEmpty() && System.nanoTime() < deadline);
      assertThat(diffs).isEmpty();
    } finally {
      Pipelines.cancel(job);
      Pipelines.dropReplication(spec);
    }
  }

  /** Target equals the source restricted to the keys changed after the start. */
  private static List<String> restricted(PipelineSpec spec, TableSpec t, Set<String> keys)
      throws Exception {
    TableComparison.Snapshot source =
        TableComparison.only(
            TableComparison.read(spec.source(), t.sourceTable(), t.keyColumns(), t.columnNames()),
            keys);
    TableComparison.Snapshot target =
        TableComparison.read(spec.target(), t.targetTable(), t.keyColumns(), t.columnNames());
    return TableComparison.differences(source, target, 10);
  }

  /** Waits until the job reads the WAL (its slot is active) or the binlog (a dump thread runs). */
  private static void awaitStreaming(PipelineSpec spec) throws Exception {
    String sql =
        spec.source().type() == DatabaseType.POSTGRES
            ? "SELECT count(*) FROM pg_replication_slots WHERE active AND slot_name = '"
                + spec.options().slotName()
                + "'"
            : "SELECT count(*) FROM information_schema.processlist WHERE command LIKE 'Binlog Dump%'";
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection c = JdbcConnector.open(spec.source());
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        rs.next();
        if (rs.getLong(1) > 0) {
          Thread.sleep(1000);
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the job never started streaming");
  }
}
