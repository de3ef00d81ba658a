package io.cdcflow.jobs;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.testing.ChangeWorkload;
import io.cdcflow.jobs.testing.FlinkCluster;
import io.cdcflow.jobs.testing.MariaDbShopFixture;
import io.cdcflow.jobs.testing.Pipelines;
import io.cdcflow.jobs.testing.PostgresShopFixture;
import io.cdcflow.jobs.testing.SourceFixture;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FULL_LOAD_AND_CDC in the four directions: a parallel snapshot in many chunks while a background
 * writer inserts, updates (keys too) and deletes before, during and after it, then every kind of
 * change once more after the target caught up; the target must equal the source, every row and
 * column.
 */
class FullLoadAndCdcTest {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

  private static final int ORDERS = 1500;

  @Test
  void postgresToPostgres() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    PostgresShopFixture shop = new PostgresShopFixture(pg, pg.createDatabase("pg2pg_src"), ORDERS);
    run("pg2pg", shop, null, pg.config(pg.createDatabase("pg2pg_dst")), id -> id, null);
  }

  /** Read as a user with only the grants the README lists for a MariaDB source. */
  @Test
  void mariaDbToPostgres() throws Exception {
    TestMariaDb maria = TestMariaDb.shared();
    TestPostgres pg = TestPostgres.shared();
    String source = maria.createDatabase("my2pg_src");
    MariaDbShopFixture shop = new MariaDbShopFixture(maria, source, ORDERS);
    String user = "cdc_" + ProcessHandle.current().pid();
    maria.execute(
        source,
        "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'cdc-pw'",
        "GRANT SELECT ON " + source + ".* TO '" + user + "'@'%'",
        "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '" + user + "'@'%'");
    run(
        "my2pg",
        shop,
        new ConnectionConfig(
            maria.type(), maria.host(), maria.port(), source, user, "cdc-pw", null),
        pg.config(pg.createDatabase("my2pg_dst")),
        id -> new TableId("shop", id.name()),
        6100L);
  }

  @Test
  void postgresToMariaDb() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    TestMariaDb maria = TestMariaDb.shared();
    PostgresShopFixture shop = new PostgresShopFixture(pg, pg.createDatabase("pg2my_src"), ORDERS);
    String targetDb = maria.createDatabase("pg2my_dst");
    run("pg2my", shop, null, maria.config(targetDb), id -> new TableId(targetDb, id.name()), null);
  }

  @Test
  void mariaDbToMariaDb() throws Exception {
    TestMariaDb maria = TestMariaDb.shared();
    MariaDbShopFixture shop =
        new MariaDbShopFixture(maria, maria.createDatabase("my2my_src"), ORDERS);
    // the target database does not exist yet: the job creates it
    String targetDb = "my2my_dst_" + ProcessHandle.current().pid();
    run("my2my", shop, null, maria.config(null), id -> new TableId(targetDb, id.name()), 6200L);
  }

  /**
   * @param reader the pipeline's source connection; null: the fixture's own
   */
  private static void run(
      String id,
      SourceFixture shop,
      ConnectionConfig reader,
      ConnectionConfig target,
      Function<TableId, TableId> targetName,
      Long serverIdStart)
      throws Exception {
    shop.create();
    PipelineSpec spec =
        Pipelines.spec(
            id,
            PipelineMode.FULL_LOAD_AND_CDC,
            reader == null ? shop.server().config(shop.database()) : reader,
            List.copyOf(shop.tables().keySet()),
            target,
            targetName,
            Pipelines.testOptions().serverIdStart(serverIdStart).build());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobClient job = null;
    try {
      try (ChangeWorkload workload = new ChangeWorkload(shop, id.hashCode(), 2).start()) {
        workload.awaitChanges(200, 30_000);
        job = PipelineJob.submit(env, spec);
        Pipelines.awaitRunning(job, Duration.ofSeconds(60));
        workload.awaitChanges(workload.changes() + 1500, 120_000);
      }
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(90));
      try (Connection c = shop.server().connect(shop.database())) {
        shop.everyKindOfChange(c);
      }
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
    } finally {
      if (job != null) {
        Pipelines.cancel(job);
      }
      Pipelines.dropReplication(spec);
    }
  }
}
