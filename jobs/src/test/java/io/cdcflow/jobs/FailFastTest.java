package io.cdcflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import io.cdcflow.jobs.testing.Pipelines;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pipeline that cannot work fails before a job is submitted, saying why. */
class FailFastTest {

  @Test
  void unknownSourceTableIsNamed() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("ff_src");
    pg.execute(source, "CREATE TABLE t (id int PRIMARY KEY, v text)");
    PipelineSpec spec =
        spec(pg.config(source), new TableId("public", "t"), pg.config(pg.createDatabase("ff_dst")));
    List<TableSpec> tables = new ArrayList<>(spec.tables());
    TableSpec t = tables.get(0);
    tables.add(
        new TableSpec(
            new TableId("public", "nope"),
            new TableId("public", "nope"),
            t.columns(),
            t.keyColumns()));
    PipelineSpec withUnknown = spec.withTables(tables);

    long start = System.nanoTime();
    assertThatThrownBy(() -> PipelineSetup.prepare(withUnknown))
        .isInstanceOf(PipelineSetupException.class)
        .hasMessageContaining("tables[1].sourceTable public.nope: no such table");
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms to fail").isLessThan(10_000);
  }

  @Test
  void postgresUserWithoutReplicationOrSelectIsTold() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("ff_src");
    String role = "ff_reader_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
    pg.execute(
        source,
        "CREATE TABLE t (id int PRIMARY KEY, v text)",
        "CREATE ROLE " + role + " LOGIN PASSWORD 'secret-pw'");
    ConnectionConfig asReader =
        new ConnectionConfig(pg.type(), pg.host(), pg.port(), source, role, "secret-pw", null);
    PipelineSpec spec =
        spec(pg.config(source), new TableId("public", "t"), pg.config(pg.createDatabase("ff_dst")));
    PipelineSpec restricted = spec.withSource(asReader);

    assertThatThrownBy(() -> PipelineSetup.prepare(restricted))
        .isInstanceOf(PipelineSetupException.class)
        .hasMessageContaining("has neither REPLICATION nor SUPERUSER")
        .hasMessageContaining("lacks SELECT on it")
        .hasMessageNotContaining("secret-pw");
  }

  @Test
  void mariaDbUserWithoutReplicationGrantsIsTold() throws Exception {
    TestMariaDb maria = TestMariaDb.shared();
    String source = maria.createDatabase("ff_src");
    String user = "ff_ro_" + System.nanoTime() % 100000;
    maria.execute(
        source,
        "CREATE TABLE t (id int PRIMARY KEY, v varchar(10))",
        "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'secret-pw'",
        "GRANT SELECT ON " + source + ".* TO '" + user + "'@'%'");
    ConnectionConfig asReader =
        new ConnectionConfig(
            maria.type(), maria.host(), maria.port(), source, user, "secret-pw", null);
    PipelineSpec spec =
        spec(
            maria.config(source),
            new TableId(source, "t"),
            maria.config(maria.createDatabase("ff_dst")));
    PipelineSpec restricted = spec.withSource(asReader);

    assertThatThrownBy(() -> PipelineSetup.prepare(restricted))
        .isInstanceOf(PipelineSetupException.class)
        .hasMessageContaining("lacks REPLICATION SLAVE and REPLICATION CLIENT")
        .hasMessageNotContaining("secret-pw");
  }

  @Test
  void mariaDbUserWithTheDocumentedGrantsPassesThePreflight() throws Exception {
    TestMariaDb maria = TestMariaDb.shared();
    String source = maria.createDatabase("ff_cdc");
    String user = "ff_cdc_" + System.nanoTime() % 100000;
    maria.execute(
        source,
        "CREATE TABLE t (id int PRIMARY KEY, v varchar(10))",
        "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'secret-pw'",
        "GRANT SELECT ON " + source + ".* TO '" + user + "'@'%'",
        "GRANT RELOAD, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR ON *.* TO '"
            + user
            + "'@'%'");
    ConnectionConfig asCdcUser =
        new ConnectionConfig(
            maria.type(), maria.host(), maria.port(), source, user, "secret-pw", null);
    PipelineSpec spec =
        spec(
            maria.config(source),
            new TableId(source, "t"),
            maria.config(maria.createDatabase("ff_cdc_dst")));
    PipelineSpec asUser = spec.withSource(asCdcUser);

    // the primary key is found without privileges on information_schema's constraint views
    PipelineSetup.prepare(asUser);
  }

  @Test
  void tableWithoutPrimaryKeyIsRefused() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("ff_src");
    pg.execute(
        source,
        "CREATE TABLE t (id int PRIMARY KEY, v text)",
        "CREATE TABLE nokey (id int NOT NULL, v text)");
    PipelineSpec spec =
        spec(pg.config(source), new TableId("public", "t"), pg.config(pg.createDatabase("ff_dst")));
    TableSpec t = spec.tables().get(0);
    PipelineSpec noKey =
        new PipelineSpec(
            spec.id(),
            spec.name(),
            spec.mode(),
            spec.source(),
            spec.target(),
            List.of(
                new TableSpec(
                    new TableId("public", "nokey"),
                    new TableId("public", "nokey"),
                    t.columns(),
                    t.keyColumns())),
            spec.options());
    assertThatThrownBy(() -> PipelineSetup.prepare(noKey))
        .isInstanceOf(PipelineSetupException.class)
        .hasMessageContaining("tables[0].sourceTable public.nokey: has no primary key");
  }

  private static PipelineSpec spec(ConnectionConfig source, TableId table, ConnectionConfig target)
      throws Exception {
    return Pipelines.spec(
        "fail-fast",
        PipelineMode.FULL_LOAD_AND_CDC,
        source,
        List.of(table),
        target,
        id -> id,
        Pipelines.testOptions().build());
  }
}
