package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.api.ApiTestServer.Response;
import io.cdcflow.api.Eventually;
import io.cdcflow.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A partitioned PostgreSQL table as a user selects it: {@code public.*} takes it once, as its root,
 * copies every partition's rows and streams their changes, rows moving between partitions included;
 * a partition named exactly is a table of its own; a partition selected with a partitioned table
 * above it is refused, and nothing is stored.
 */
class PartitionedTableApiTest {

  static ApiTestServer api;
  static TestPostgres pg;
  static String sourceDb;
  static String targetDb;

  @BeforeAll
  static void start() {
    pg = TestPostgres.shared();
    sourceDb = pg.createDatabase("parts_src");
    targetDb = pg.createDatabase("parts_dst");
    pg.execute(
        sourceDb,
        """
        CREATE TABLE public.payment (
          id bigint NOT NULL, paid_on date NOT NULL, amount numeric(10,2),
          PRIMARY KEY (id, paid_on)) PARTITION BY RANGE (paid_on)""",
        "CREATE TABLE public.payment_2022_01 PARTITION OF public.payment"
            + " FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')",
        // two levels: February's partition is partitioned again, by key
        "CREATE TABLE public.payment_2022_02 PARTITION OF public.payment"
            + " FOR VALUES FROM ('2022-02-01') TO ('2022-03-01') PARTITION BY RANGE (id)",
        "CREATE TABLE public.payment_2022_02_low PARTITION OF public.payment_2022_02"
            + " FOR VALUES FROM (MINVALUE) TO (1000)",
        "CREATE TABLE public.payment_2022_02_high PARTITION OF public.payment_2022_02 DEFAULT",
        "CREATE TABLE public.payment_other PARTITION OF public.payment DEFAULT",
        "CREATE TABLE public.customer (id int PRIMARY KEY, name text)",
        "INSERT INTO public.customer SELECT g, 'customer ' || g FROM generate_series(1, 50) g",
        "INSERT INTO public.payment SELECT g, date '2022-01-01' + (g % 90), g * 0.5"
            + " FROM generate_series(1, 2000) g",
        "ANALYZE");
    api = ApiTestServer.start();
    api.addConnection("parts-src", pg, sourceDb);
    api.addConnection("parts-dst", pg, targetDb);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Map<String, Object> definition(String name, String... include) {
    return Map.of(
        "name",
        name,
        "source",
        "parts-src",
        "target",
        "parts-dst",
        "mode",
        "FULL_LOAD_AND_CDC",
        "tables",
        Map.of("include", List.of(include)),
        "mapping",
        Map.of("target_schema", name.replace('-', '_')),
        "options",
        Map.of("parallelism", 2, "chunk_size", 300, "checkpoint_interval_seconds", 2));
  }

  @Test
  void aWholeSchemaTakesThePartitionedTableOnceAndStreamsItsChanges() {
    assertThat(api.post("/api/pipelines", definition("parts-all", "public.*")).status())
        .isEqualTo(201);
    JsonNode preview = api.get("/api/pipelines/parts-all/tables/preview").json();
    assertThat(sources(preview)).containsExactly("customer", "payment");
    JsonNode payment = preview.get(1);
    assertThat(payment.get("estimated_rows").asLong()).as(payment.toString()).isEqualTo(2000);
    assertThat(payment.get("key_columns").toString()).isEqualTo("[\"id\",\"paid_on\"]");

    Response started = api.post("/api/pipelines/parts-all/start", null);
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    Eventually.equals(
        "STREAMING", () -> api.get("/api/pipelines/parts-all/status").json().get("state").asText());
    awaitSame("payment", "parts_all");
    JsonNode table =
        api.get("/api/pipelines/parts-all/status").json().at("/snapshot/tables/public.payment");
    assertThat(table.path("rows_copied").asLong()).as(table.toString()).isEqualTo(2000);

    pg.execute(
        sourceDb,
        "INSERT INTO public.payment VALUES (3001, '2022-01-03', 1), (3002, '2023-05-05', 2)",
        "UPDATE public.payment SET amount = -1 WHERE id % 10 = 0",
        // from January's partition into February's, and from February's into the default one
        "UPDATE public.payment SET paid_on = paid_on + 31 WHERE id IN (1, 2, 3)",
        "UPDATE public.payment SET paid_on = '2024-01-01' WHERE id IN (40, 41)",
        "DELETE FROM public.payment WHERE id % 13 = 0");
    awaitSame("payment", "parts_all");
    assertThat(api.post("/api/pipelines/parts-all/stop", null).status()).isEqualTo(200);
    assertThat(api.delete("/api/pipelines/parts-all?drop_target=true").status()).isEqualTo(204);
  }

  @Test
  void aPartitionNamedExactlyIsATableOfItsOwn() {
    assertThat(
            api.post("/api/pipelines", definition("parts-feb", "public.payment_2022_02")).status())
        .isEqualTo(201);
    JsonNode preview = api.get("/api/pipelines/parts-feb/tables/preview").json();
    assertThat(sources(preview)).containsExactly("payment_2022_02");
    assertThat(preview.get(0).get("estimated_rows").asLong()).isPositive();
    // the data-quality report finds a partition's statistics too (a listing leaves it out)
    Response quality =
        api.get("/api/monitoring/pipelines/parts-feb/data-quality?exact_threshold=10");
    assertThat(quality.status()).as(quality.body()).isEqualTo(200);
    JsonNode source = quality.json().at("/tables/0/rows/source");
    assertThat(source.get("status").asText()).as(quality.body()).isEqualTo("estimated");
    assertThat(source.get("rows").asLong()).as(quality.body()).isPositive();
    // a wildcard still takes the partitioned table only
    Response wildcard = api.post("/api/pipelines", definition("parts-wild", "public.payment*"));
    assertThat(wildcard.status()).as(wildcard.body()).isEqualTo(201);
    assertThat(sources(api.get("/api/pipelines/parts-wild/tables/preview").json()))
        .containsExactly("payment");
    assertThat(api.delete("/api/pipelines/parts-feb").status()).isEqualTo(204);
    assertThat(api.delete("/api/pipelines/parts-wild").status()).isEqualTo(204);
  }

  @Test
  void aPartitionWithItsPartitionedTableIsRefusedAndNothingStored() {
    int before = api.get("/api/pipelines").json().size();
    Response refused =
        api.post(
            "/api/pipelines", definition("parts-both", "public.payment", "public.payment_2022_01"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("tables.include");
    assertThat(refused.json().get("detail").asText())
        .contains("public.payment_2022_01 (a partition of public.payment)");
    // a partition below a partition that is itself selected: refused as well
    Response nested =
        api.post(
            "/api/pipelines",
            definition("parts-nested", "public.payment_2022_02", "public.payment_2022_02_low"));
    assertThat(nested.status()).as(nested.body()).isEqualTo(400);
    assertThat(nested.json().get("detail").asText())
        .contains("public.payment_2022_02_low (a partition of public.payment_2022_02)");
    assertThat(api.get("/api/pipelines").json().size()).isEqualTo(before);
  }

  private static List<String> sources(JsonNode preview) {
    return preview.findValues("source").stream().map(n -> n.get("name").asText()).toList();
  }

  /** Every row of the table in both databases, as an md5 of its rows in key order. */
  private static void awaitSame(String table, String targetSchema) {
    String sql =
        "SELECT coalesce(md5(string_agg(concat_ws('|', id, paid_on, amount), ';'"
            + " ORDER BY id, paid_on)), '') FROM %s."
            + table;
    Eventually.equals(
        pg.queryString(sourceDb, sql.formatted("public")),
        () -> pg.queryString(targetDb, sql.formatted(targetSchema)));
  }
}
