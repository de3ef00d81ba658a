package io.cdcflow.jobs.source.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.dialect.postgres.PostgresSnapshotQueries;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.PipelineJob;
import io.cdcflow.jobs.PipelineSetup;
import io.cdcflow.jobs.source.SourceTranslator;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import io.cdcflow.jobs.testing.FlinkCluster;
import io.cdcflow.jobs.testing.InjectedFailure;
import io.cdcflow.jobs.testing.Pipelines;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Full loads through the COPY reader: every row once, values unchanged however awkward, into
 * PostgreSQL (the text as written) and MariaDB (typed values), and a clear failure for a value the
 * target cannot take.
 */
class CopySnapshotTest {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

  private static final String AWKWARD_TABLES =
      """
      CREATE TYPE mood AS ENUM ('sad', 'ok', 'it''s fine');
      CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
      CREATE TABLE public.odd (
        k text PRIMARY KEY,
        t text,
        b bytea,
        ts timestamptz,
        d date,
        n numeric,
        f double precision,
        r real,
        i interval,
        arr text[],
        nums integer[],
        j jsonb,
        m mood,
        p posint,
        bits bit(4),
        tz timetz,
        c char(5));
      INSERT INTO public.odd
        SELECT 'key ' || g || E' \\t ''q'' \\\\ é',
               E'tab\\there\\nnew line\\r\\\\ back ''quote'' "dq" é 😀 ' || g,
               decode(repeat('00ff5c0a090d', g % 50), 'hex') || '\\x00'::bytea,
               timestamptz '2024-02-29 23:59:59.123456+05:30' + g * interval '1 hour',
               date '2000-01-01' + g,
               (g * 1234567.891)::numeric / 7,
               g / 3.0,
               (g / 7.0)::real,
               g * interval '1 day 2 hours 3.5 seconds',
               ARRAY['a"b', E'c\\\\d', NULL, 'e,f', '{g}'],
               ARRAY[g, -g],
               jsonb_build_object('k', g, 's', E'x\\ty'),
               (ARRAY['sad', 'ok', 'it''s fine']::mood[])[1 + g % 3],
               g,
               (g % 16)::bit(4),
               timetz '10:15:30.5+02',
               'c' || (g % 10)
        FROM generate_series(1, 3000) g;
      INSERT INTO public.odd (k) VALUES ('all null');
      CREATE TABLE public.edge (k int PRIMARY KEY, ts timestamptz, d date, n numeric, f float8);
      INSERT INTO public.edge VALUES (1, 'infinity', '-infinity', 'NaN', '-Infinity'),
        (2, '0044-03-15 12:00:00+00 BC', '10000-01-01', '1e-30', 'NaN');
      CREATE TABLE public.skewed (id bigint PRIMARY KEY, v text);
      INSERT INTO public.skewed SELECT g, 'low ' || g FROM generate_series(1, 2000) g;
      INSERT INTO public.skewed SELECT 1000000000000 + g, 'high ' || g FROM generate_series(1, 50) g;
      INSERT INTO public.skewed VALUES (-9223372036854775808, 'min'), (9223372036854775807, 'max');
      CREATE TABLE public.tenants (tenant int, id int, v text, PRIMARY KEY (tenant, id));
      INSERT INTO public.tenants SELECT g % 3, g, 'v' || g FROM generate_series(1, 1500) g;
      CREATE TABLE public.empty (id int PRIMARY KEY);
      """;

  @Test
  void awkwardValuesArriveUnchangedInPostgres() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("copy_src");
    pg.execute(source, AWKWARD_TABLES);
    PipelineSpec spec =
        Pipelines.spec(
            "copy-pg",
            PipelineMode.FULL_LOAD_ONLY,
            pg.config(source),
            tables("odd", "skewed", "tenants", "empty", "edge"),
            pg.config(pg.createDatabase("copy_dst")),
            id -> id,
            Pipelines.testOptions().snapshotChunkSize(250).build());
    assertThat(CopySnapshotSource.reasonNotToUse(spec)).isEmpty();
    assertThat(SourceTranslator.readsEachRowOnce(spec)).isTrue();
    int ranges = KeyRangePlanner.of(spec).plan().size();
    try (Connection stats = JdbcConnector.open(spec.source())) {
      long before = settledSessions(stats);

      runToTheEnd(spec);

      // each reader keeps one source session for all the ranges it reads (not one per range)
      assertThat(ranges).isGreaterThan(20);
      assertThat(settledSessions(stats) - before)
          .as("source sessions for %d key ranges at parallelism 2", ranges)
          .isLessThanOrEqualTo(8);
    }
    PipelineSpec compared = spec.withTables(spec.tables().subList(0, 4));
    assertThat(Pipelines.differences(compared)).isEmpty();
    assertThat(pg.queryString(spec.target().database(), "SELECT count(*) FROM public.odd"))
        .isEqualTo("3001");
    // values outside what java.time holds, compared as PostgreSQL prints them
    String edge =
        "SELECT string_agg(concat_ws('|', k, ts, d, n, f), ';' ORDER BY k) FROM public.edge";
    assertThat(pg.queryString(spec.target().database(), edge))
        .isEqualTo(pg.queryString(source, edge))
        .contains("infinity|-infinity|NaN|-Infinity")
        .contains("BC");
  }

  @Test
  void typedValuesArriveInMariaDb() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    TestMariaDb maria = TestMariaDb.shared();
    String source = pg.createDatabase("copy_my_src");
    String myDb = maria.createDatabase("copy_my_dst");
    pg.execute(
        source,
        """
        CREATE TYPE mood AS ENUM ('sad', 'ok');
        CREATE TABLE public.typed (
          id bigint PRIMARY KEY, i integer, s smallint, amount numeric(12,2), big numeric,
          r real, f double precision, ok boolean, name varchar(40), note text, u uuid,
          j jsonb, b bytea, d date, t time(6), ts timestamp(6), tstz timestamptz, m mood,
          c char(4));
        INSERT INTO public.typed
          SELECT g, -g, (g % 100)::smallint, g * 1.25, g * 1000000000.000001, g / 8.0,
                 g / 3.0, g % 2 = 0, 'name ' || g, E'tab\\there \\\\ ''q'' é ' || g,
                 md5(g::text)::uuid, jsonb_build_object('g', g), decode(md5(g::text), 'hex'),
                 date '1999-12-31' + g, time '23:59:59.999999' - g * interval '1 second',
                 timestamp '2024-01-01 00:00:00.5' + g * interval '1 minute',
                 timestamptz '2024-06-30 22:00:00.000001+02' + g * interval '1 hour',
                 (ARRAY['sad', 'ok']::mood[])[1 + g % 2], 'c' || (g % 10)
          FROM generate_series(1, 1500) g;
        INSERT INTO public.typed (id) VALUES (0);
        """);
    PipelineSpec spec =
        Pipelines.spec(
            "copy-my",
            PipelineMode.FULL_LOAD_ONLY,
            pg.config(source),
            tables("typed"),
            maria.config(myDb),
            id -> new TableId(myDb, id.name()),
            Pipelines.testOptions().snapshotChunkSize(300).build());
    assertThat(CopySnapshotSource.reasonNotToUse(spec)).isEmpty();

    runToTheEnd(spec);

    assertThat(Pipelines.differences(spec)).isEmpty();
  }

  @Test
  void aValueTheTargetCannotTakeFailsTheLoadNamingTheColumn() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    TestMariaDb maria = TestMariaDb.shared();
    String source = pg.createDatabase("copy_bad_src");
    String badDb = maria.createDatabase("copy_bad_dst");
    pg.execute(
        source,
        "CREATE TABLE public.events (id int PRIMARY KEY, at timestamptz)",
        "INSERT INTO public.events SELECT g, now() FROM generate_series(1, 100) g",
        "INSERT INTO public.events VALUES (101, 'infinity')");
    PipelineSpec spec =
        Pipelines.spec(
            "copy-bad",
            PipelineMode.FULL_LOAD_ONLY,
            pg.config(source),
            tables("events"),
            maria.config(badDb),
            id -> new TableId(badDb, id.name()),
            Pipelines.testOptions().build());

    assertThatThrownBy(() -> runToTheEnd(spec))
        .satisfies(
            e ->
                assertThat(ExceptionUtils.stringifyException(e))
                    .contains("column public.events.at: cannot read the value 'infinity'")
                    .contains("copy_snapshot"));
  }

  @Test
  void tablesTheCopyReaderCannotReadGoThroughFlinkCdc() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    TestMariaDb maria = TestMariaDb.shared();
    String source = pg.createDatabase("copy_fallback_src");
    String fallbackDb = maria.createDatabase("copy_fallback_dst");
    pg.execute(source, "CREATE TABLE public.a (id int PRIMARY KEY, tags text[], money_ money)");
    PipelineSpec toMaria =
        Pipelines.spec(
            "copy-fallback",
            PipelineMode.FULL_LOAD_ONLY,
            pg.config(source),
            tables("a"),
            maria.config(fallbackDb),
            id -> new TableId(fallbackDb, id.name()),
            Pipelines.testOptions().build());
    assertThat(CopySnapshotSource.reasonNotToUse(toMaria))
        .hasValue("column public.a.tags text[] is not read by key ranges");
    assertThat(CopySnapshotSource.reasonNotToUse(toMaria.withTarget(pg.config(source))))
        .hasValue("column public.a.money_ money is not read by key ranges");
    assertThat(CopySnapshotSource.reasonNotToUse(toMaria.withMode(PipelineMode.FULL_LOAD_AND_CDC)))
        .isPresent();
  }

  @Test
  void aUserWithOnlySelectCanFullLoad() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("copy_select_src");
    String role = "copy_reader_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
    pg.execute(
        source,
        "CREATE TABLE public.t (id int PRIMARY KEY, v text)",
        "INSERT INTO public.t SELECT g, 'v' || g FROM generate_series(1, 500) g",
        "CREATE ROLE " + role + " LOGIN PASSWORD 'pw' NOREPLICATION",
        "GRANT SELECT ON public.t TO " + role);
    PipelineSpec asOwner =
        Pipelines.spec(
            "copy-select",
            PipelineMode.FULL_LOAD_ONLY,
            pg.config(source),
            tables("t"),
            pg.config(pg.createDatabase("copy_select_dst")),
            id -> id,
            Pipelines.testOptions().build());
    PipelineSpec spec =
        asOwner.withSource(
            new ConnectionConfig(pg.type(), pg.host(), pg.port(), source, role, "pw", null));

    runToTheEnd(PipelineSetup.prepare(spec));

    assertThat(Pipelines.differences(asOwner)).isEmpty();
    assertThat(pg.queryString(source, "SELECT count(*) FROM pg_publication")).isEqualTo("0");
  }

  /**
   * A write that fails halfway fails the task; Flink restarts it from the last checkpoint, the
   * ranges not finished are read again (their rows already in the target are upserted again), and
   * the load ends with every row once.
   */
  @Test
  void aFailureHalfwayIsRecoveredWithEveryRowOnce() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("copy_fail_src");
    String target = pg.createDatabase("copy_fail_dst");
    pg.execute(
        source,
        "CREATE TABLE public.t (id int PRIMARY KEY, v text)",
        "INSERT INTO public.t SELECT g, 'v' || g FROM generate_series(1, 20000) g");
    pg.execute(target, "CREATE TABLE public.t (id int PRIMARY KEY, v text)");
    pg.execute(
        target, InjectedFailure.on("public.t", "NEW.id = 15000", "PERFORM pg_sleep(0.0001);"));
    PipelineSpec spec =
        Pipelines.spec(
            "copy-fail",
            PipelineMode.FULL_LOAD_ONLY,
            pg.config(source),
            tables("t"),
            pg.config(target),
            id -> id,
            Pipelines.testOptions()
                .snapshotChunkSize(1000)
                .restartAttempts(1)
                .restartDelay(java.time.Duration.ofMillis(200))
                .build());

    runToTheEnd(spec);

    assertThat(InjectedFailure.rowsThatMetIt(pg, target))
        .as("row 15000 written again after the failure")
        .isGreaterThanOrEqualTo(2);
    assertThat(Pipelines.differences(spec)).isEmpty();
  }

  /** The ranges of every table hold every row exactly once, and a big table gets many. */
  /**
   * From MariaDB by key ranges: every type the range reader reads arrives as the binlog path gives
   * it, with keys split every way the planner knows (an index walk over text and sparse unsigned
   * keys, even steps over a dense composite key with repeated first values, one range for a binary
   * key).
   */
  @Test
  void awkwardMariaDbValuesArriveUnchangedInPostgres() throws Exception {
    TestMariaDb maria = TestMariaDb.shared();
    TestPostgres pg = TestPostgres.shared();
    String source = maria.createDatabase("mcopy_src");
    maria.execute(
        source,
        """
        CREATE TABLE odd (k varchar(40) PRIMARY KEY, t text, b blob, ts timestamp(6) NULL,
          dt datetime(6), d date, tm time(6), y year, bits bit(10), one bit(1),
          u bigint unsigned, dec30 decimal(30,10), f float, dbl double,
          e enum('a','b c','it''s'), st set('x','y','z'), j json, bin binary(3), ti tinyint(1),
          mi mediumint unsigned) CHARACTER SET utf8mb4
        """,
        """
        INSERT INTO odd SELECT concat('key ', seq, ' \t ''q'' é'),
          concat('tab\there\nnew line \\ ''quote'' é 😀 ', seq),
          concat(x'00ff5c0a', repeat('z', seq % 40)),
          TIMESTAMP'2024-02-29 23:59:59.123456' + INTERVAL seq HOUR,
          TIMESTAMP'1970-01-01 00:00:00.000001' + INTERVAL seq DAY,
          DATE'1000-01-01' + INTERVAL seq YEAR,
          SEC_TO_TIME(seq * 37) + INTERVAL 654321 MICROSECOND,
          1901 + seq % 254, seq % 1024, seq % 2,
          18446744073709551615 - seq, seq * 12345678901.0123456789 - 5e12,
          seq / 7, seq / 3.0,
          ELT(1 + seq % 3, 'a', 'b c', 'it''s'), ELT(1 + seq % 3, 'x', 'x,y', 'y,z'),
          concat('{"k": ', seq, ', "s": "x y é"}'), x'000102', CAST(seq % 3 AS SIGNED) - 1, seq * 1000
        FROM seq_1_to_1200
        """,
        "INSERT INTO odd (k) VALUES ('all null')",
        "INSERT INTO odd (k, f, dbl) VALUES ('floats', 1234567, 0.1)",
        "CREATE TABLE sparse (id bigint unsigned PRIMARY KEY, v varchar(10))",
        "INSERT INTO sparse SELECT seq, 'low' FROM seq_1_to_700",
        "INSERT INTO sparse SELECT 18446744073709551000 + seq, 'high' FROM seq_1_to_300",
        "CREATE TABLE tenants (tenant int, id int, v varchar(10), PRIMARY KEY (tenant, id))",
        "INSERT INTO tenants SELECT seq % 3, seq, concat('v', seq) FROM seq_1_to_1500",
        "CREATE TABLE binkey (k varbinary(8) PRIMARY KEY, v int)",
        "INSERT INTO binkey SELECT unhex(hex(seq * 7919)), seq FROM seq_1_to_500",
        "ANALYZE TABLE odd, sparse, tenants, binkey");
    PipelineSpec spec =
        Pipelines.spec(
            "mcopy-pg",
            PipelineMode.FULL_LOAD_ONLY,
            maria.config(source),
            List.of(
                new TableId(source, "odd"),
                new TableId(source, "sparse"),
                new TableId(source, "tenants"),
                new TableId(source, "binkey")),
            pg.config(pg.createDatabase("mcopy_dst")),
            id -> new TableId("public", id.name()),
            Pipelines.testOptions().snapshotChunkSize(100).build());
    assertThat(CopySnapshotSource.reasonNotToUse(spec)).isEmpty();
    List<KeyRangeSplit> ranges = KeyRangePlanner.of(spec).plan();
    // about 12 and 10 ranges walked (as many as InnoDB's estimate asks for); one per tenant (rows
    // sharing a first key value share one); one for the binary key
    List<Long> perTable = rangesPerTable(ranges, 4);
    assertThat(perTable.get(0)).as("ranges of odd").isBetween(6L, 25L);
    assertThat(perTable.get(1)).as("ranges of sparse").isBetween(5L, 20L);
    assertThat(perTable.subList(2, 4)).containsExactly(3L, 1L);

    runToTheEnd(spec);

    assertThat(Pipelines.differences(spec)).isEmpty();
    assertThat(pg.queryString(spec.target().database(), "SELECT count(*) FROM public.odd"))
        .isEqualTo("1202");
    // MariaDB writes a FLOAT as text with 6 digits (1.23457e6): the exact value, as the binlog has
    assertThat(
            pg.queryString(
                spec.target().database(), "SELECT f::float8 FROM public.odd WHERE k = 'floats'"))
        .isEqualTo("1234567");
  }

  @Test
  void keyRangesHoldEveryRowOnce() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("ranges_src");
    pg.execute(source, AWKWARD_TABLES, "ANALYZE public.skewed");
    PipelineSpec spec =
        Pipelines.spec(
            "ranges",
            PipelineMode.FULL_LOAD_ONLY,
            pg.config(source),
            tables("odd", "skewed", "tenants", "empty"),
            pg.config(source),
            id -> id,
            Pipelines.testOptions().snapshotChunkSize(100).build());
    List<KeyRangeSplit> splits = KeyRangePlanner.of(spec).plan();

    try (Connection c = JdbcConnector.open(spec.source())) {
      for (int t = 0; t < spec.tables().size(); t++) {
        TableSpec table = spec.tables().get(t);
        int index = t;
        List<KeyRangeSplit> ranges = splits.stream().filter(s -> s.table() == index).toList();
        Set<String> keys = new HashSet<>();
        long rows = 0;
        for (KeyRangeSplit range : ranges) {
          for (String line : copy(c, table, range)) {
            rows++;
            assertThat(keys.add(line)).as("%s read twice", line).isTrue();
          }
        }
        assertThat(rows)
            .as("rows of %s in %d ranges", table.sourceTable(), ranges.size())
            .isEqualTo(count(c, table));
        if (table.sourceTable().name().equals("odd")
            || table.sourceTable().name().equals("skewed")) {
          assertThat(ranges.size()).as("ranges of " + table.sourceTable()).isGreaterThan(5);
        }
        if (table.sourceTable().name().equals("tenants")) {
          // ranges split on the first key column only: three tenants, at most three ranges
          assertThat(ranges.size()).isBetween(1, 4);
        }
      }
    }
  }

  private static List<String> copy(Connection c, TableSpec table, KeyRangeSplit range)
      throws Exception {
    String sql =
        PostgresSnapshotQueries.copyRange(
            table.sourceTable(),
            table.keyColumns(),
            table.keyColumns().get(0),
            range.lower(),
            range.upper());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CopyManager(c.unwrap(BaseConnection.class)).copyOut(sql, out);
    String text = out.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  /**
   * Sessions ever opened on the connection's database (PostgreSQL 14 on), once the statistics,
   * which arrive a little late, stop changing.
   */
  private static long settledSessions(Connection c) throws Exception {
    long seen = -1;
    for (int i = 0; i < 20; i++) {
      long now;
      try (Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT pg_stat_clear_snapshot()::text, sessions FROM pg_stat_database"
                      + " WHERE datname = current_database()")) {
        r.next();
        now = r.getLong(2);
      }
      if (now == seen) {
        return now;
      }
      seen = now;
      Thread.sleep(700);
    }
    return seen;
  }

  private static long count(Connection c, TableSpec table) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(PostgresSnapshotQueries.countRows(table.sourceTable()))) {
      r.next();
      return r.getLong(1);
    }
  }

  private static List<Long> rangesPerTable(List<KeyRangeSplit> ranges, int tables) {
    List<Long> counts = new java.util.ArrayList<>();
    for (int t = 0; t < tables; t++) {
      int table = t;
      counts.add(ranges.stream().filter(r -> r.table() == table).count());
    }
    return counts;
  }

  private static List<TableId> tables(String... names) {
    return java.util.Arrays.stream(names).map(n -> new TableId("public", n)).toList();
  }

  private static void runToTheEnd(PipelineSpec spec) throws Exception {
    JobClient job = PipelineJob.submit(StreamExecutionEnvironment.getExecutionEnvironment(), spec);
    job.getJobExecutionResult().get(3, TimeUnit.MINUTES);
    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
  }
}
