package io.cdcflow.jobs.resnapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.sink.TargetSession;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.testing.Pipelines;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The sweep removes exactly the target rows whose key the source lacks, and removes nothing when
 * the keys do not compare at all; key types it cannot compare are refused up front.
 */
class AbsentRowSweepTest {

  private static final TestPostgres PG = TestPostgres.shared();

  private record Setup(PipelineSpec spec, String source, String target) {}

  private static Setup setup(String keyType, String... sourceRows) throws SQLException {
    String source = PG.createDatabase("sweep_src");
    String target = PG.createDatabase("sweep_dst");
    for (String db : List.of(source, target)) {
      PG.execute(db, "CREATE TABLE public.t (k " + keyType + " PRIMARY KEY, v text)");
    }
    for (String row : sourceRows) {
      PG.execute(source, "INSERT INTO public.t VALUES (" + row + ")");
    }
    PipelineSpec spec =
        Pipelines.spec(
            "sweep",
            PipelineMode.FULL_LOAD_AND_CDC,
            PG.config(source),
            List.of(new TableId("public", "t")),
            PG.config(target),
            id -> id,
            Pipelines.testOptions().build());
    return new Setup(spec, source, target);
  }

  private static long sweep(Setup s, boolean sourceHasRows) throws SQLException {
    return sweep(s, sourceHasRows, KeyBounds.WHOLE);
  }

  private static long sweep(Setup s, boolean sourceHasRows, KeyBounds bounds) throws SQLException {
    try (Connection source = JdbcConnector.open(s.spec().source());
        Connection target =
            JdbcConnector.open(TargetSession.withWriteSettings(s.spec().target()))) {
      AbsentRowSweep sweep =
          new AbsentRowSweep(
              s.spec(), s.spec().tables().get(0), source, target, sourceHasRows, bounds);
      long removed = 0;
      while (!sweep.done()) {
        removed += sweep.next();
      }
      return removed;
    }
  }

  @Test
  void removesTheTargetRowsTheSourceLacksAndNoOther() throws Exception {
    Setup s = setup("int");
    PG.execute(s.source(), "INSERT INTO public.t SELECT g, 'v' FROM generate_series(1, 1200) g");
    // the target has every source row but 3, and 4 rows of its own, between and after them
    PG.execute(
        s.target(),
        "INSERT INTO public.t SELECT g, 'v' FROM generate_series(1, 1200) g WHERE g NOT IN (5, 600, 1200)",
        "INSERT INTO public.t VALUES (-7, 'x'), (1000000, 'x'), (1500, 'x'), (1501, 'x')");
    assertThat(sweep(s, true)).isEqualTo(4);
    assertThat(PG.queryString(s.target(), "SELECT count(*) FROM public.t")).isEqualTo("1197");
    assertThat(PG.queryString(s.target(), "SELECT count(*) FROM public.t WHERE v = 'x'"))
        .isEqualTo("0");
  }

  @Test
  void aBoundedSweepRemovesOnlyWithinItsKeys() throws Exception {
    Setup s = setup("int");
    PG.execute(s.source(), "INSERT INTO public.t SELECT g, 'v' FROM generate_series(1, 1200) g");
    PG.execute(
        s.target(),
        "INSERT INTO public.t SELECT g, 'v' FROM generate_series(1, 1200) g",
        "INSERT INTO public.t VALUES (-7, 'x'), (1500, 'x'), (2000, 'x'), (2001, 'x')");
    // both bounds included: 1500 and 2000 go, the rows below and above stay
    assertThat(sweep(s, true, new KeyBounds("1100", "2000"))).isEqualTo(2);
    assertThat(
            PG.queryString(
                s.target(),
                "SELECT string_agg(k::text, ',' ORDER BY k) FROM public.t" + " WHERE v = 'x'"))
        .isEqualTo("-7,2001");
  }

  @Test
  void anEmptiedSourceEmptiesTheTarget() throws Exception {
    Setup s = setup("varchar(20)");
    PG.execute(
        s.target(), "INSERT INTO public.t SELECT 'k' || g, 'v' FROM generate_series(1, 700) g");
    assertThat(sweep(s, false)).isEqualTo(700);
  }

  @Test
  void keysThatNeverMatchRemoveNothing() throws Exception {
    // the same keys in another form (upper case at the source): a mistaken comparison, which
    // must not delete the whole table
    Setup s = setup("text");
    PG.execute(
        s.source(), "INSERT INTO public.t SELECT 'K' || g, 'v' FROM generate_series(1, 300) g");
    PG.execute(
        s.target(), "INSERT INTO public.t SELECT 'k' || g, 'v' FROM generate_series(1, 300) g");
    assertThatThrownBy(() -> sweep(s, true))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("nothing was removed");
    assertThat(PG.queryString(s.target(), "SELECT count(*) FROM public.t")).isEqualTo("300");
  }

  @Test
  void keyTypesWhoseTextDiffersBetweenDatabasesAreRefused() throws Exception {
    assertThat(unsupportedKey("timetz")).get().asString().contains("key column k");
    assertThat(unsupportedKey("uuid")).isEmpty();
    assertThat(unsupportedKey("char(4)"))
        .as("fixed-width text between databases of one type")
        .isEmpty();
    TestMariaDb maria = TestMariaDb.shared();
    String db = maria.createDatabase("sweep_m");
    maria.execute(db, "CREATE TABLE t (k timestamp PRIMARY KEY, v int)");
    PipelineSpec fromMaria =
        Pipelines.spec(
            "sweep-m",
            PipelineMode.FULL_LOAD_AND_CDC,
            maria.config(db),
            List.of(new TableId(db, "t")),
            PG.config(PG.createDatabase("sweep_mt")),
            id -> new TableId("public", "t"),
            Pipelines.testOptions().build());
    assertThat(AbsentRowSweep.unsupportedKey(fromMaria, fromMaria.tables().get(0)))
        .as("MySQL's timestamp, whose text depends on the session's zone")
        .isPresent();
  }

  private static Optional<String> unsupportedKey(String keyType) throws SQLException {
    Setup s = setup(keyType);
    return AbsentRowSweep.unsupportedKey(s.spec(), s.spec().tables().get(0));
  }
}
