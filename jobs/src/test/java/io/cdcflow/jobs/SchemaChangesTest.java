package io.cdcflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.catalog.pipeline.SchemaChangePolicy;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DDL at the source while the job runs, under each schema_changes policy: columns added, renamed,
 * widened and dropped reach the target without a restart (both writers race to apply them); a
 * TRUNCATE copies the table again, or fails the job with the reason where it cannot.
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
  void truncateAtThePostgresSourceIsFollowedByACopyOfTheTableAgain() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("trunc_src");
    pg.execute(
        source,
        "CREATE TABLE items (id int PRIMARY KEY, name text)",
        "CREATE TABLE others (id int PRIMARY KEY, name text)",
        "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 100) g",
        "INSERT INTO others SELECT g, 'other ' || g FROM generate_series(1, 50) g");
    PipelineSpec spec =
        Pipelines.spec(
            "trunc-pg",
            PipelineMode.FULL_LOAD_AND_CDC,
            pg.config(source),
            List.of(new TableId("public", "items"), new TableId("public", "others")),
            pg.config(pg.createDatabase("trunc_dst")),
            id -> id,
            Pipelines.testOptions().build());
    Pipelines.whileRunning(
        spec,
        job -> {
          Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
          pg.execute(
              source,
              "TRUNCATE TABLE items",
              "INSERT INTO items VALUES (7, 'after the truncate'), (500, 'new')",
              "UPDATE others SET name = 'changed' WHERE id <= 5");
          Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
          assertThat(TableComparison.count(spec.target(), new TableId("public", "items")))
              .isEqualTo(2);
        });
  }

  @Test
  void truncateWhereTheJobCannotCopyAgainFailsItWithTheReason() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("trunc_cdc_src");
    pg.execute(
        source,
        "CREATE TABLE items (id int PRIMARY KEY, name text)",
        "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 100) g");
    PipelineSpec spec =
        Pipelines.spec(
            "trunc-cdc-pg",
            PipelineMode.FULL_LOAD_AND_CDC,
            pg.config(source),
            List.of(new TableId("public", "items")),
            pg.config(pg.createDatabase("trunc_cdc_dst")),
            id -> id,
            Pipelines.testOptions().copySnapshot(false).build());
    Pipelines.whileRunning(
        spec,
        job -> {
          Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
          pg.execute(source, "TRUNCATE TABLE items");
          ExecutionException failure =
              org.junit.jupiter.api.Assertions.assertThrows(
                  ExecutionException.class,
                  () -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS));
          assertThat(rootMessages(failure))
              .contains("was truncated at the source")
              .contains("/resnapshot");
        });
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
    Pipelines.whileRunning(
        spec,
        job -> {
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
        });
  }

  @Test
  void postgresRenamesWideningsAndDropsReachThePostgresTarget() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("evolve_src");
    pg.execute(
        source,
        "CREATE TABLE items (id int PRIMARY KEY, qty int, code varchar(10), note text, old text)",
        "INSERT INTO items SELECT g, g, 'c' || g, 'note ' || g, 'x' FROM generate_series(1, 300) g");
    String target = pg.createDatabase("evolve_dst");
    evolves(
        "evolve-pg",
        pg,
        source,
        new TableId("public", "items"),
        pg,
        pg.config(target),
        id -> id,
        SchemaChangePolicy.EVOLVE,
        List.of(
            "ALTER TABLE items RENAME COLUMN note TO remark",
            "ALTER TABLE items ALTER COLUMN qty TYPE bigint",
            "ALTER TABLE items ALTER COLUMN code TYPE varchar(100)",
            "ALTER TABLE items DROP COLUMN old"),
        List.of(
            "INSERT INTO items (id, qty, code) VALUES (1002, 5000000000, '" + "c".repeat(60) + "')",
            "UPDATE items SET code = 'longer than ten chars' WHERE id BETWEEN 10 AND 30"),
        List.of("id", "qty", "code", "remark"),
        null);
    assertThat(columnsOf(pg, target)).isEqualTo("code,id,qty,remark");
    assertThat(
            pg.queryString(
                target,
                "SELECT data_type FROM information_schema.columns"
                    + " WHERE table_name = 'items' AND column_name = 'qty'"))
        .isEqualTo("bigint");
    assertThat(
            pg.queryString(
                target,
                "SELECT character_maximum_length::text FROM information_schema.columns"
                    + " WHERE table_name = 'items' AND column_name = 'code'"))
        .isEqualTo("100");
  }

  @Test
  void mariaDbRenamesWideningsAndDropsReachThePostgresTarget() throws Exception {
    TestMariaDb maria = TestMariaDb.shared();
    String source = maria.createDatabase("evolve_src");
    maria.execute(
        source,
        "CREATE TABLE items (id int PRIMARY KEY, qty int, code varchar(10), note varchar(50),"
            + " old varchar(10))");
    StringBuilder rows = new StringBuilder("INSERT INTO items VALUES ");
    for (int i = 1; i <= 300; i++) {
      rows.append(i > 1 ? "," : "")
          .append("(" + i + ", " + i + ", 'c" + i + "', 'note " + i + "', 'x')");
    }
    maria.execute(source, rows.toString());
    TestPostgres pg = TestPostgres.shared();
    String target = pg.createDatabase("evolve_dst");
    evolves(
        "evolve-my",
        maria,
        source,
        new TableId(source, "items"),
        pg,
        pg.config(target),
        id -> new TableId("public", id.name()),
        SchemaChangePolicy.EVOLVE,
        List.of(
            "ALTER TABLE items CHANGE COLUMN note remark varchar(50)",
            "ALTER TABLE items MODIFY qty bigint",
            "ALTER TABLE items MODIFY code varchar(100)",
            "ALTER TABLE items DROP COLUMN old"),
        List.of(
            "INSERT INTO items (id, qty, code) VALUES (1002, 5000000000, '" + "c".repeat(60) + "')",
            "UPDATE items SET code = 'longer than ten chars' WHERE id BETWEEN 10 AND 30"),
        List.of("id", "qty", "code", "remark"),
        6700L);
    assertThat(columnsOf(pg, target)).isEqualTo("code,id,qty,remark");
    assertThat(
            pg.queryString(
                target,
                "SELECT data_type FROM information_schema.columns"
                    + " WHERE table_name = 'items' AND column_name = 'qty'"))
        .isEqualTo("bigint");
  }

  @Test
  void lenientKeepsARenamedColumnAndAddsTheNewName() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("lenient_src");
    pg.execute(
        source,
        // NOT NULL: the kept column must take the rows that no longer have it
        "CREATE TABLE items (id int PRIMARY KEY, qty int, code varchar(10),"
            + " note text NOT NULL DEFAULT 'n')",
        "INSERT INTO items SELECT g, g, 'c' || g, 'note ' || g FROM generate_series(1, 300) g");
    String target = pg.createDatabase("lenient_dst");
    evolves(
        "lenient-pg",
        pg,
        source,
        new TableId("public", "items"),
        pg,
        pg.config(target),
        id -> id,
        SchemaChangePolicy.LENIENT,
        List.of("ALTER TABLE items RENAME COLUMN note TO remark"),
        List.of("UPDATE items SET remark = 'changed' WHERE id BETWEEN 1 AND 3"),
        List.of("id", "qty", "code"),
        null);
    // the old column kept, with what it had
    assertThat(columnsOf(pg, target)).isEqualTo("code,id,note,qty,remark");
    assertThat(pg.queryString(target, "SELECT note FROM items WHERE id = 5")).isEqualTo("note 5");
    // the new one from the rename on: rows changed since have their value, the others (280: the
    // writer leaves it alone) NULL
    assertThat(pg.queryString(target, "SELECT remark FROM items WHERE id = 2"))
        .isEqualTo("changed");
    assertThat(pg.queryString(target, "SELECT remark FROM items WHERE id = 280")).isNull();
  }

  @Test
  void aTextKeyIntoMariaDbStreamsWithoutAlteringTheKey() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("textkey_src");
    pg.execute(
        source,
        "CREATE TABLE codes (code text PRIMARY KEY, n int, label varchar(300))",
        "INSERT INTO codes SELECT 'k' || g, g, 'l' || g FROM generate_series(1, 200) g");
    TestMariaDb maria = TestMariaDb.shared();
    String target = maria.createDatabase("textkey_dst");
    PipelineSpec spec =
        Pipelines.spec(
            "textkey-pg",
            PipelineMode.FULL_LOAD_AND_CDC,
            pg.config(source),
            List.of(new TableId("public", "codes")),
            maria.config(target),
            id -> new TableId(target, id.name()),
            Pipelines.testOptions().build());
    Pipelines.whileRunning(
        spec,
        job -> {
          Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
          pg.execute(
              source,
              "UPDATE codes SET n = n + 1 WHERE n <= 20",
              "INSERT INTO codes VALUES ('new', 0, 'x')",
              "DELETE FROM codes WHERE code = 'k7'");
          Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
          assertThat(job.getJobStatus().get().isGloballyTerminalState()).isFalse();
          // the key's and the label's types as created: nothing was altered on the first streamed
          // rows
          assertThat(
                  maria.queryString(
                      target,
                      "SELECT group_concat(column_type ORDER BY column_name) FROM"
                          + " information_schema.columns WHERE table_schema = database()"
                          + " AND table_name = 'codes'"))
              .doesNotContain("longtext");
        });
  }

  @Test
  void failPolicyStopsTheJobAtTheFirstColumnChange() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("failddl_src");
    pg.execute(
        source,
        "CREATE TABLE items (id int PRIMARY KEY, name text)",
        "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 100) g");
    PipelineSpec spec =
        Pipelines.spec(
            "failddl-pg",
            PipelineMode.FULL_LOAD_AND_CDC,
            pg.config(source),
            List.of(new TableId("public", "items")),
            pg.config(pg.createDatabase("failddl_dst")),
            id -> id,
            Pipelines.testOptions().schemaChanges(SchemaChangePolicy.FAIL).build());
    Pipelines.whileRunning(
        spec,
        job -> {
          Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
          pg.execute(
              source,
              "ALTER TABLE items ADD COLUMN color text",
              "UPDATE items SET color = 'red' WHERE id = 1");
          ExecutionException failure =
              org.junit.jupiter.api.Assertions.assertThrows(
                  ExecutionException.class,
                  () -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS));
          assertThat(rootMessages(failure))
              .contains("column color was added to public.items")
              .contains("schema_changes is fail");
        });
  }

  /**
   * Runs the DDL while the job streams and a writer changes rows, with changes before and after it,
   * and waits until the target's {@code columns} hold what the source's do.
   */
  private static void evolves(
      String id,
      TestDatabaseServer sourceServer,
      String source,
      TableId table,
      TestDatabaseServer targetServer,
      ConnectionConfig target,
      Function<TableId, TableId> naming,
      SchemaChangePolicy policy,
      List<String> ddl,
      List<String> widened,
      List<String> columns,
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
            Pipelines.testOptions().serverIdStart(serverIdStart).schemaChanges(policy).build());
    Pipelines.whileRunning(
        spec,
        job -> {
          Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
          sourceServer.execute(source, "UPDATE items SET qty = qty + 1 WHERE id <= 50");
          Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
          List<String> statements = new ArrayList<>(ddl);
          statements.addAll(
              List.of(
                  "UPDATE items SET qty = qty + 1 WHERE id <= 50",
                  "INSERT INTO items (id, qty) VALUES (1001, 7)",
                  "DELETE FROM items WHERE id = 40"));
          statements.addAll(widened);
          // a writer goes on through the DDL, touching only columns every version of the table has
          AtomicBoolean writing = new AtomicBoolean(true);
          Thread writer =
              new Thread(
                  () -> {
                    for (int i = 0; writing.get(); i++) {
                      int row = 2000 + i;
                      sourceServer.execute(
                          source,
                          "INSERT INTO items (id, qty) VALUES (" + row + ", " + i + ")",
                          "UPDATE items SET qty = qty + 1 WHERE id = " + (100 + i % 150),
                          "DELETE FROM items WHERE id = " + (row - 3));
                    }
                  },
                  "source-writer");
          writer.start();
          try {
            Thread.sleep(300);
            sourceServer.execute(source, statements.toArray(new String[0]));
            Thread.sleep(300);
          } finally {
            writing.set(false);
            writer.join();
          }
          TableSpec t = spec.tables().get(0);
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
        });
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
    Pipelines.whileRunning(
        spec,
        job -> {
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
        });
  }

  private static String columnsOf(TestPostgres pg, String database) {
    return pg.queryString(
        database,
        "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns"
            + " WHERE table_schema = 'public' AND table_name = 'items'");
  }

  private static String rootMessages(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      s.append(c.getMessage()).append('\n');
    }
    return s.toString();
  }
}
