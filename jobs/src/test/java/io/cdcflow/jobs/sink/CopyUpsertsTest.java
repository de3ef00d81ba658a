package io.cdcflow.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.dialect.TargetTables;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.PostgresCopyRows;
import io.cdcflow.jobs.spec.ColumnSpec;
import io.cdcflow.jobs.spec.TableSpec;
import io.cdcflow.testing.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyOut;
import org.postgresql.core.BaseConnection;

/**
 * The COPY paths write exactly what the batched upserts write: the same rows through both into two
 * tables of the same shape, PostgreSQL's text of every row compared, for new keys, existing keys
 * and streamed changes. The values are the awkward ones: COPY's own escapes, NULL against the text
 * "\N", a lone "\." line, bytea with every byte, NaN and infinities, BC and infinite dates, strings
 * the server casts to json, uuid, arrays, intervals and bit strings.
 */
class CopyUpsertsTest {

  private static final Dialect PG = Dialect.of(DatabaseType.POSTGRES);
  private static ConnectionConfig target;

  @BeforeAll
  static void database() {
    TestPostgres pg = TestPostgres.shared();
    target = pg.config(pg.createDatabase("copy_dst"));
  }

  @Test
  void copyAndMergeWriteWhatBatchedUpsertsWrite() throws Exception {
    TableSpec copied = spec("copied");
    TableSpec batched = spec("batched");
    createTables(copied, batched);

    // snapshot reads of new keys: COPY straight into the table
    List<Object[]> first = rows(0);
    // snapshot reads of the same keys (a chunk read again): the straight COPY meets existing keys,
    // rolls back to its savepoint and the rows are merged from the staging table
    List<Object[]> second = rows(1);
    // streamed changes (a commit time): merged from the staging table at once
    List<Object[]> third = rows(2);
    long[] timestamps = {0, 0, 1_700_000_000_000L};
    List<List<Object[]>> rounds = List.of(first, second, third);
    for (int i = 0; i < rounds.size(); i++) {
      CopyUpserts copy = new CopyUpserts(copied.targetTable(), 0);
      write(copied, copy, rounds.get(i), timestamps[i]);
      write(batched, null, rounds.get(i), timestamps[i]);
      assertThat(texts(copied)).isEqualTo(texts(batched)).hasSize(first.size());
    }
  }

  @Test
  void rowsReadByCopyAreWrittenAsTheSourceWroteThem() throws Exception {
    TableSpec batched = spec("from_values");
    TableSpec passed = spec("from_copy_text");
    createTables(batched, passed);
    List<Object[]> rows = rows(0);
    write(batched, null, rows, 0);

    // the rows as a PostgreSQL source's COPY gives them, each event carrying its line
    TableBuffer buffer =
        new TableBuffer(passed, PG.writeStatements(), new CopyUpserts(passed.targetTable(), 0));
    PostgresCopyRows parser = new PostgresCopyRows(0, batched, DatabaseType.POSTGRES);
    int lines = 0;
    try (Connection c = JdbcConnector.open(target)) {
      CopyOut out =
          c.unwrap(BaseConnection.class)
              .getCopyAPI()
              .copyOut("COPY " + PG.quote(batched.targetTable()) + " TO STDOUT");
      for (byte[] line = out.readFromCopy(); line != null; line = out.readFromCopy()) {
        ChangeEvent event = parser.read(line);
        assertThat(event.copyText()).isSameAs(line);
        buffer.add(event.op(), event.values(), 0, event.copyText());
        lines++;
      }
    }
    try (TargetSession session = new TargetSession(target, 0)) {
      session.inTransaction("test flush", buffer::write);
    }
    assertThat(lines).isEqualTo(rows.size());
    assertThat(texts(passed)).isEqualTo(texts(batched)).hasSize(rows.size());
  }

  @Test
  void aTableOfKeysOnlyIsLoadedToo() throws Exception {
    TableSpec keys =
        new TableSpec(
            new TableId("public", "keys_only"),
            new TableId("public", "keys_only"),
            List.of(column("a", "bigint", false), column("b", "text", false)),
            List.of("a", "b"));
    createTables(keys);
    List<Object[]> rows = new ArrayList<>();
    for (long i = 0; i < 2L * TableBuffer.MIN_COPY_ROWS; i++) {
      rows.add(new Object[] {i, "k\t" + i});
    }
    CopyUpserts copy = new CopyUpserts(keys.targetTable(), 0);
    write(keys, copy, rows, 0);
    write(keys, copy, rows, 0); // again: ON CONFLICT DO NOTHING
    assertThat(texts(keys)).hasSize(rows.size()).contains("(3,\"k\t3\")");
  }

  private static final String[] TEXTS = {
    "back\\slash",
    "tab\there",
    "line\nbreak",
    "carriage\rreturn",
    "\\N",
    "\\.",
    "",
    "ünïcödé 🎉",
    "'quoted' \"twice\"",
    null
  };

  private static List<Object[]> rows(int round) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < TableBuffer.MIN_STAGED_ROWS; i++) {
      int v = i + round;
      rows.add(
          new Object[] {
            (long) i,
            TEXTS[v % TEXTS.length],
            v % 5 == 0 ? null : new BigDecimal(v % 2 == 0 ? "1E+3" : "-12345.678901234567890"),
            new Float[] {0.1f, Float.NaN, Float.POSITIVE_INFINITY, -0.0f}[v % 4],
            new Double[] {0.1, 1e300, Double.NEGATIVE_INFINITY, 1.0000000000000002, 5e-324}[v % 5],
            v % 3 == 0 ? null : v % 2 == 0,
            v % 4 == 0 ? new byte[0] : allBytes(v),
            new LocalDateTime[] {
                  LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000),
                  LocalDateTime.of(-43, 3, 15, 12, 0),
                  LocalDateTime.of(1, 1, 1, 0, 0)
                }
                [v % 3],
            OffsetDateTime.of(2020, 1, 1, 0, v % 60, 59, 999_999_000, ZoneOffset.UTC),
            new LocalDate[] {LocalDate.of(1999, 12, 31), LocalDate.of(-1, 1, 1), LocalDate.MAX}
                [v % 3],
            "{\"a\": \"x\\ty\", \"n\": " + v + "}",
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a" + String.format("%02d", v % 100),
            "{\"a b\",\"c\\\\d\",NULL}",
            "1 day 02:00:0" + (v % 10),
            v % 2 == 0 ? "10100101" : "00000000",
            "12:34:56.789",
          });
    }
    return rows;
  }

  private static byte[] allBytes(int shift) {
    byte[] b = new byte[256];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i + shift);
    }
    return b;
  }

  private static TableSpec spec(String name) {
    TableId id = new TableId("public", name);
    return new TableSpec(
        id,
        id,
        List.of(
            column("id", "bigint", false),
            column("t", "text", true),
            column("n", "numeric(30,20)", true),
            column("r", "real", true),
            column("d", "double precision", true),
            column("b", "boolean", true),
            column("by", "bytea", true),
            column("ts", "timestamp(6)", true),
            column("tz", "timestamp with time zone", true),
            column("dt", "date", true),
            column("j", "jsonb", true),
            column("u", "uuid", true),
            column("arr", "text[]", true),
            column("iv", "interval", true),
            column("bits", "bit(8)", true),
            column("tm", "time", true)),
        List.of("id"));
  }

  private static ColumnSpec column(String name, String type, boolean nullable) {
    return new ColumnSpec(name, type, null, type, nullable);
  }

  private static void createTables(TableSpec... specs) throws SQLException {
    try (Connection c = JdbcConnector.open(target)) {
      new TargetTables(PG)
          .ensure(c, List.of(specs).stream().map(TableSpec::targetDefinition).toList());
    }
  }

  private static void write(TableSpec spec, CopyUpserts bulk, List<Object[]> rows, long ts)
      throws SQLException {
    TableBuffer buffer = new TableBuffer(spec, PG.writeStatements(), bulk);
    for (Object[] row : rows) {
      buffer.add(ChangeEvent.Op.UPSERT, row, ts);
    }
    try (TargetSession session = new TargetSession(target, 0)) {
      int written = session.inTransaction("test flush", buffer::write);
      assertThat(written).isEqualTo(rows.size());
    }
  }

  private static List<String> texts(TableSpec spec) throws SQLException {
    List<String> texts = new ArrayList<>();
    try (Connection c = JdbcConnector.open(target);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT t::text FROM " + PG.quote(spec.targetTable()) + " t ORDER BY 1")) {
      while (rs.next()) {
        texts.add(rs.getString(1));
      }
    }
    return texts;
  }
}
