package io.cdcflow.jobs;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.testing.FlinkCluster;
import io.cdcflow.jobs.testing.Pipelines;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.time.Duration;
import java.util.function.Function;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A partitioned PostgreSQL table is one table of the pipeline: copied through its root, and its
 * changes streamed as the root's, whichever partition holds the row, also when an update moves a
 * row from one partition into another. A partition selected on its own is a table of its own.
 */
class PartitionedTableTest {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

  private static final TableId PAYMENT = new TableId("public", "payment");
  private static final TableId FEBRUARY = new TableId("public", "payment_2022_02");

  @Test
  void aPartitionedTableIntoPostgres() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = partitionedSource(pg, "part_pg_src");
    run(
        "part-pg",
        pg.config(source),
        PAYMENT,
        pg.config(pg.createDatabase("part_pg_dst")),
        id -> id);
  }

  @Test
  void aPartitionedTableIntoMariaDb() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    TestMariaDb maria = TestMariaDb.shared();
    String source = partitionedSource(pg, "part_my_src");
    String target = maria.createDatabase("part_my_dst");
    run(
        "part-my",
        pg.config(source),
        PAYMENT,
        maria.config(target),
        id -> new TableId(target, id.name()));
  }

  /** Flink CDC's incremental snapshot, which the pipeline option copy_snapshot false selects. */
  @Test
  void aPartitionedTableThroughTheIncrementalSnapshot() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = partitionedSource(pg, "part_inc_src");
    run(
        "part-inc",
        pg.config(source),
        PAYMENT,
        pg.config(pg.createDatabase("part_inc_dst")),
        id -> id,
        false);
  }

  @Test
  void aPartitionSelectedOnItsOwn() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = partitionedSource(pg, "part_leaf_src");
    run(
        "part-leaf",
        pg.config(source),
        FEBRUARY,
        pg.config(pg.createDatabase("part_leaf_dst")),
        id -> id);
  }

  /** payment by month: three partitions and a default one, 3,000 rows over all four. */
  private static String partitionedSource(TestPostgres pg, String prefix) {
    String db = pg.createDatabase(prefix);
    pg.execute(
        db,
        """
        CREATE TABLE public.payment (
          id bigint NOT NULL, paid_on date NOT NULL, amount numeric(10,2), note text,
          PRIMARY KEY (id, paid_on)) PARTITION BY RANGE (paid_on)""",
        "CREATE TABLE public.payment_2022_01 PARTITION OF public.payment"
            + " FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')",
        "CREATE TABLE public.payment_2022_02 PARTITION OF public.payment"
            + " FOR VALUES FROM ('2022-02-01') TO ('2022-03-01')",
        "CREATE TABLE public.payment_2022_03 PARTITION OF public.payment"
            + " FOR VALUES FROM ('2022-03-01') TO ('2022-04-01')",
        "CREATE TABLE public.payment_other PARTITION OF public.payment DEFAULT",
        """
        INSERT INTO public.payment
        SELECT i, date '2022-01-01' + (i % 120), i * 1.25, 'payment ' || i
        FROM generate_series(1, 3000) AS i""");
    return db;
  }

  private static void run(
      String id,
      ConnectionConfig source,
      TableId table,
      ConnectionConfig target,
      Function<TableId, TableId> targetName)
      throws Exception {
    run(id, source, table, target, targetName, true);
  }

  private static void run(
      String id,
      ConnectionConfig source,
      TableId table,
      ConnectionConfig target,
      Function<TableId, TableId> targetName,
      boolean copySnapshot)
      throws Exception {
    PipelineSpec spec =
        Pipelines.spec(
            id,
            PipelineMode.FULL_LOAD_AND_CDC,
            source,
            java.util.List.of(table),
            target,
            targetName,
            Pipelines.testOptions().copySnapshot(copySnapshot).build());
    JobClient job = null;
    try {
      job = PipelineJob.submit(StreamExecutionEnvironment.getExecutionEnvironment(), spec);
      Pipelines.awaitRunning(job, Duration.ofSeconds(60));
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(90));
      TestPostgres.shared()
          .execute(
              source.database(),
              // one new row in each partition
              "INSERT INTO public.payment VALUES (5001, '2022-01-05', 1, 'new'),"
                  + " (5002, '2022-02-05', 2, 'new'), (5003, '2022-03-05', 3, 'new'),"
                  + " (5004, '2023-07-01', 4, 'new')",
              "UPDATE public.payment SET note = 'changed' WHERE id % 7 = 0",
              // rows moved from one partition into another, into and out of February's
              "UPDATE public.payment SET paid_on = paid_on + 31 WHERE id IN (1, 2, 31, 32, 62)",
              "UPDATE public.payment SET paid_on = '2024-01-01' WHERE id IN (40, 41)",
              "DELETE FROM public.payment WHERE id % 11 = 0");
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
    } finally {
      if (job != null) {
        Pipelines.cancel(job);
      }
      Pipelines.dropReplication(spec);
    }
  }
}
