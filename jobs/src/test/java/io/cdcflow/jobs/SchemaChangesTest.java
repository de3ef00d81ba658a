package io.cdcflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import io.cdcflow.jobs.testing.FlinkCluster;
import io.cdcflow.jobs.testing.Pipelines;
import io.cdcflow.jobs.testing.TableComparison;
import io.cdcflow.testing.TestDatabaseServer;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DDL at the source while the job runs: an added column reaches the target without a restart (both
 * writers race to add it); a TRUNCATE fails the job with the reason instead of leaving rows the
 * source no longer has.
 */
class SchemaChangesTest {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

  @Test
  void addedColumnReachesPostgresFromPostgres() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("ddl_src");
    pg.execute(
        source,
        "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(8,2))",
        "INSERT INTO items SELECT g, 'item ' || g, g * 1.5 FROM generate_series(1, 500) g");
    addedColumn(
        "ddl-pg",
        pg,
        source,
        new TableId("public", "items"),
        pg.config(pg.createDatabase("ddl_dst")),
        id -> id,
        "ALTER TABLE items ADD COLUMN color varchar(20), ADD COLUMN weight numeric(6,3),"
            + " ADD COLUMN stock integer DEFAULT 7, ADD COLUMN label text",
        null);
  }

  @Test
  void addedColumnReachesPostgresFromMariaDb() throws Exception {
    TestMariaDb maria = TestMariaDb.shared();
    String source = maria.createDatabase("ddl_src");
    maria.execute(
        source,
        "CREATE TABLE items (id int PRIMARY KEY, name varchar(50) NOT NULL, price decimal(8,2))");
    StringBuilder rows = new StringBuilder("INSERT INTO items VALUES ");
    for (int i = 1; i <= 500; i++) {
      rows.append(i > 1 ? "," : "")
          .append("(")
          .append(i)
          .append(", 'item ")
          .append(i)
          .append("', ")
          .append(i * 1.5)
          .append(")");
    }
    maria.execute(source, rows.toString());
    TestPostgres pg = TestPostgres.shared();
    addedColumn(
        "ddl-my",
        maria,
        source,
        new TableId(source, "items"),
        pg.config(pg.createDatabase("ddl_dst")),
        id -> new TableId("public", id.name()),
        "ALTER TABLE items ADD COLUMN color varchar(20), ADD COLUMN weight decimal(6,3) unsigned,"
            + " ADD COLUMN stock int DEFAULT 7, ADD COLUMN label varchar(10) DEFAULT 'it''s'",
        6500L);
  }

  @Test
  void truncateAtThePostgresSourceFailsTheJobWithTheReason() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("trunc_src");
    pg.execute(
        source,
        "CREATE TABLE items (id int PRIMARY KEY, name text)",
        "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 100) g");
    truncateFails(
        "trunc-pg",
        pg,
        source,
        new TableId("public", "items"),
        pg.config(pg.createDatabase("trunc_dst")),
        id -> id,
        null);
  }

  @Test
  void renameSwapAtTheMariaDbSourceFailsTheJobWithTheReason() throws Exception {
    TestMariaDb maria = TestMariaDb.shared();
    String source = maria.createDatabase("rename_src");
    maria.execute(
        source,
        "CREATE TABLE items (id int PRIMARY KEY, name varchar(20))",
        "INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    String target = maria.createDatabase("rename_dst");
    PipelineSpec spec =
        Pipelines.spec(
            "rename-my",
            PipelineMode.FULL_LOAD_AND_CDC,
            maria.config(source),
            List.of(new TableId(source, "items")),
            maria.config(target),
            id -> new TableId(target, id.name()),
            Pipelines.testOptions().serverIdStart(6600L).build());
    JobClient job = PipelineJob.submit(StreamExecutionEnvironment.getExecutionEnvironment(), spec);
    try {
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
      maria.execute(source, "INSERT INTO items VALUES (4, 'd')");
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
      // the swap online schema change tools do; a plain rename away is invisible to the binlog
      // reader (Flink CDC filters DDL by the new name), see docs/type-mapping.md
      maria.execute(
          source,
          "CREATE TABLE items_new (id int PRIMARY KEY, name varchar(40))",
          "RENAME TABLE items TO items_old, items_new TO items");
      ExecutionException failure =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class,
              () -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS));
      assertThat(rootMessages(failure)).contains("was renamed at the source");
    } finally {
      Pipelines.cancel(job);
    }
  }

  private static void addedColumn(
      String id,
      TestDatabaseServer sourceServer,
      String source,
      TableId table,
      ConnectionConfig target,
      Function<TableId, TableId> naming,
      String alter,
      Long serverIdStart)
      throws Exception {
    PipelineSpec spec =
        Pipelines.spec(
            id,
            PipelineMode.FULL_LOAD_AND_CDC,
            sourceServer.config(source),
            List.of(table),
            target,
            naming,
            Pipelines.testOptions().serverIdStart(serverIdStart).build());
    JobClient job = PipelineJob.submit(StreamExecutionEnvironment.getExecutionEnvironment(), spec);
    try {
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
      // a streamed change first: the DDL then arrives through the log, after rows without it
      sourceServer.execute(source, "UPDATE items SET price = price + 1 WHERE id <= 50");
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
      sourceServer.execute(
          source,
          "UPDATE items SET price = price + 1 WHERE id <= 50",
          alter,
          // rows on both writers get the new columns, in inserts and updates
          "INSERT INTO items (id, name, price, color, weight) VALUES (1001, 'new', 1.25, 'red', 0.5),"
              + " (1002, 'newer', NULL, 'blue', 12.125), (1003, 'newest', 3, NULL, NULL)",
          "UPDATE items SET color = 'green', weight = 1.001 WHERE id BETWEEN 10 AND 30",
          "DELETE FROM items WHERE id = 40");
      TableSpec t = spec.tables().get(0);
      List<String> columns = new ArrayList<>(t.columnNames());
      columns.addAll(List.of("color", "weight", "stock", "label"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      List<String> diffs = List.of("not compared yet");
      while (!diffs.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(500);
        try {
          diffs =
              TableComparison.differences(
                  spec.source(),
                  t.sourceTable(),
                  spec.target(),
                  t.targetTable(),
                  t.keyColumns(),
                  columns,
                  10);
        } catch (java.sql.SQLException e) {
          diffs = List.of(e.getMessage()); // the target column is not there yet
        }
      }
      assertThat(diffs).isEmpty();
      assertThat(job.getJobStatus().get().isGloballyTerminalState()).isFalse();
    } finally {
      Pipelines.cancel(job);
      Pipelines.dropReplication(spec);
    }
  }

  private static void truncateFails(
      String id,
      TestDatabaseServer sourceServer,
      String source,
      TableId table,
      ConnectionConfig target,
      Function<TableId, TableId> naming,
      Long serverIdStart)
      throws Exception {
    PipelineSpec spec =
        Pipelines.spec(
            id,
            PipelineMode.FULL_LOAD_AND_CDC,
            sourceServer.config(source),
            List.of(table),
            target,
            naming,
            Pipelines.testOptions().serverIdStart(serverIdStart).build());
    JobClient job = PipelineJob.submit(StreamExecutionEnvironment.getExecutionEnvironment(), spec);
    try {
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
      sourceServer.execute(source, "TRUNCATE TABLE items");
      ExecutionException failure =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class,
              () -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS));
      assertThat(rootMessages(failure)).contains("was truncated at the source");
    } finally {
      Pipelines.cancel(job);
      Pipelines.dropReplication(spec);
    }
  }

  private static String rootMessages(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      s.append(c.getMessage()).append('\n');
    }
    return s.toString();
  }
}
