package io.cdcflow.catalog.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cdcflow.catalog.discovery.ColumnSchema;
import io.cdcflow.catalog.discovery.ColumnSchema.TypeCategory;
import io.cdcflow.catalog.discovery.ForeignKey;
import io.cdcflow.catalog.discovery.Partition;
import io.cdcflow.catalog.discovery.SchemaIntrospector;
import io.cdcflow.catalog.discovery.TableDependencies;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TablePattern;
import io.cdcflow.catalog.discovery.TableSchema;
import io.cdcflow.catalog.discovery.TableSummary;
import io.cdcflow.catalog.discovery.UniqueKey;
import io.cdcflow.testing.TestPostgres;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresIntrospectorTest {

  private static final TableId CUSTOMERS = new TableId("sales", "customers");
  private static final TableId ORDERS = new TableId("sales", "orders");
  private static final TableId UPPER_ORDERS = new TableId("sales", "ORDERS");
  private static final TableId EVENTS = new TableId("sales", "events");
  private static final TableId MEASUREMENTS = new TableId("sales", "measurements");
  private static final TableId MEASUREMENT_NOTES = new TableId("sales", "measurement_notes");
  private static final TableId PARTED_ORDERS = new TableId("sales", "parted_orders");
  private static final TableId CURRENCIES = new TableId("ref", "currencies");
  private static final TableId ORDER_LINES = new TableId("Mixed Case", "Order Lines");
  private static final TableId ODD = new TableId("ünï.code", "Straße \"x\" {a,b}\\z");

  private static final String[] SCHEMA = {
    "CREATE SCHEMA sales",
    "CREATE SCHEMA \"Mixed Case\"",
    "CREATE SCHEMA ref",
    "CREATE SCHEMA \"ünï.code\"",
    "CREATE TYPE sales.mood AS ENUM ('sad', 'ok', 'happy')",
    // sorts before 'ok' although added last: labels must follow enumsortorder, not oid
    "ALTER TYPE sales.mood ADD VALUE 'so-so' BEFORE 'ok'",
    "CREATE TYPE \"Mixed Case\".\"Size\" AS ENUM ('S', 'it''s \"M\"', 'L')",
    "CREATE DOMAIN sales.price AS numeric(5,2) CHECK (VALUE >= 0)",
    "CREATE DOMAIN sales.positive_price AS sales.price CHECK (VALUE > 0)",
    "CREATE TABLE ref.currencies (code char(3) PRIMARY KEY, name varchar(40) NOT NULL UNIQUE)",
    """
    CREATE TABLE sales.customers (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant int NOT NULL,
      email varchar(200) NOT NULL,
      mood sales.mood DEFAULT 'ok',
      tags text[],
      scores integer[],
      codes varchar(20)[],
      moods sales.mood[],
      created timestamp(3) with time zone NOT NULL DEFAULT now(),
      updated timestamp,
      period tstzrange,
      CONSTRAINT customers_tenant_email_key UNIQUE (tenant, email)
    )""",
    // neither counts as a unique key: one is on an expression, the other partial
    "CREATE UNIQUE INDEX customers_lower_email ON sales.customers (lower(email))",
    "CREATE UNIQUE INDEX customers_tenant0_email ON sales.customers (email) WHERE tenant = 0",
    "CREATE UNIQUE INDEX customers_email_covering ON sales.customers (email, tenant) INCLUDE (id)",
    """
    CREATE TABLE sales.orders (
      region char(2) NOT NULL,
      order_no integer NOT NULL,
      customer_id bigint NOT NULL REFERENCES sales.customers (id),
      currency char(3) REFERENCES ref.currencies (code),
      total numeric(12,2) NOT NULL DEFAULT 0,
      price sales.price,
      bonus sales.positive_price,
      amount numeric,
      with_tax numeric GENERATED ALWAYS AS (total * 1.2) STORED,
      dropped_later int,
      note text,
      PRIMARY KEY (order_no, region)
    )""",
    "ALTER TABLE sales.orders DROP COLUMN dropped_later",
    """
    CREATE TABLE "Mixed Case"."Order Lines" (
      line_id serial,
      "Region" char(2) NOT NULL,
      "Order No" integer NOT NULL,
      "qty.unit" smallint DEFAULT 1,
      "say ""hi""\" text,
      "größe" "Mixed Case"."Size",
      PRIMARY KEY (line_id),
      CONSTRAINT "lines → orders" FOREIGN KEY ("Order No", "Region")
        REFERENCES sales.orders (order_no, region)
    )""",
    "CREATE TABLE sales.\"ORDERS\" (id int)",
    "CREATE TABLE sales.events (payload jsonb, at timestamp(0), kind varchar, flags bit(3))",
    """
    CREATE TABLE sales.measurements (id bigint, taken date, value double precision,
      PRIMARY KEY (id, taken)) PARTITION BY RANGE (taken)""",
    """
    CREATE TABLE sales.measurements_2024 PARTITION OF sales.measurements
      FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')""",
    """
    CREATE TABLE sales.measurements_2025 PARTITION OF sales.measurements
      FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')""",
    // PostgreSQL copies this key once per referenced partition
    """
    CREATE TABLE sales.measurement_notes (measurement_id bigint, taken date, note text,
      FOREIGN KEY (measurement_id, taken) REFERENCES sales.measurements (id, taken))""",
    // ... and this one once per referencing partition
    """
    CREATE TABLE sales.parted_orders (region char(2), order_no int,
      FOREIGN KEY (order_no, region) REFERENCES sales.orders) PARTITION BY LIST (region)""",
    "CREATE TABLE sales.parted_orders_eu PARTITION OF sales.parted_orders FOR VALUES IN ('EU')",
    // quotes, braces, a comma and a backslash: all must survive the text[] parameters
    "CREATE TABLE \"ünï.code\".\"Straße \"\"x\"\" {a,b}\\z\" (\"ключ\" int PRIMARY KEY)",
    "CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE total > 100",
    "CREATE MATERIALIZED VIEW sales.order_totals AS SELECT region, sum(total) FROM sales.orders"
        + " GROUP BY region",
    "INSERT INTO sales.events SELECT '{}'::jsonb, now(), 'k', B'101' FROM generate_series(1, 500)",
    """
    INSERT INTO sales.measurements
    SELECT g, date '2024-06-01' + (g % 400), g FROM generate_series(1, 1000) g""",
    // sales."ORDERS" stays never analysed
    "ANALYZE sales.events, sales.measurements, sales.customers"
  };

  private static TestPostgres postgres;
  private static String database;
  private static Connection connection;
  private static SchemaIntrospector introspector;

  @BeforeAll
  static void createSchema() throws Exception {
    postgres = TestPostgres.shared();
    database = postgres.createDatabase("introspect");
    postgres.execute(database, SCHEMA);
    connection = postgres.connect(database);
    introspector = PostgresDialect.INSTANCE.introspector(connection);
  }

  @AfterAll
  static void close() throws Exception {
    if (connection != null) {
      connection.close();
    }
  }

  @Test
  void listsConnectableDatabasesOnly() throws Exception {
    assertThat(introspector.databases())
        .contains(database, "postgres")
        .doesNotContain("template0", "template1");
  }

  @Test
  void listsUserSchemasOnly() throws Exception {
    assertThat(introspector.schemas())
        .containsExactly("Mixed Case", "public", "ref", "sales", "ünï.code");
  }

  @Test
  void listsTablesAndPartitionedParentsButNotPartitionsOrViews() throws Exception {
    assertThat(introspector.tables(null, null))
        .extracting(TableSummary::id)
        .containsExactly(
            ORDER_LINES,
            CURRENCIES,
            UPPER_ORDERS,
            CUSTOMERS,
            EVENTS,
            MEASUREMENT_NOTES,
            MEASUREMENTS,
            ORDERS,
            PARTED_ORDERS,
            ODD);
  }

  /** What a listing leaves out can still be asked for by name, with its root. */
  @Test
  void findsPartitionsByNameWithTheirRoot() throws Exception {
    TableId y2024 = new TableId("sales", "measurements_2024");
    TableId eu = new TableId("sales", "parted_orders_eu");
    assertThat(introspector.partitions(List.of(eu, y2024, MEASUREMENTS, ORDERS)))
        .extracting(p -> p.table().id(), Partition::ancestors)
        .containsExactly(tuple(y2024, List.of(MEASUREMENTS)), tuple(eu, List.of(PARTED_ORDERS)));
    assertThat(introspector.partitions(List.of(y2024)).get(0).table().hasPrimaryKey()).isTrue();
    assertThat(introspector.partitions(List.of())).isEmpty();
  }

  @Test
  void filtersBySchemaAndNamePattern() throws Exception {
    assertThat(introspector.tables("sales", TablePattern.forName("order*")))
        .extracting(TableSummary::id)
        .containsExactly(ORDERS);
    assertThat(introspector.tables("sales", TablePattern.forName("*orders")))
        .extracting(TableSummary::id)
        .containsExactly(ORDERS, PARTED_ORDERS);
    assertThat(introspector.tables(null, TablePattern.forName("*ORDER*")))
        .extracting(TableSummary::id)
        .containsExactly(UPPER_ORDERS);
    assertThat(introspector.tables("Mixed Case", TablePattern.forName("Order *")))
        .extracting(TableSummary::id)
        .containsExactly(ORDER_LINES);
    assertThat(introspector.tables("ünï.code", null))
        .extracting(TableSummary::id)
        .containsExactly(ODD);
    assertThat(introspector.tables("mixed case", null)).isEmpty();
    assertThat(introspector.tables("no_such_schema", null)).isEmpty();
  }

  @Test
  void summariesCarryStatisticsAndPrimaryKeyFlag() throws Exception {
    Map<TableId, TableSummary> tables =
        introspector.tables("sales", null).stream()
            .collect(Collectors.toMap(TableSummary::id, Function.identity()));

    TableSummary events = tables.get(EVENTS);
    assertThat(events.estimatedRows()).isEqualTo(500);
    assertThat(events.sizeBytes()).isGreaterThan(8192);
    assertThat(events.hasPrimaryKey()).isFalse();

    // a partitioned parent has no storage of its own: the figures are its partitions'
    TableSummary measurements = tables.get(MEASUREMENTS);
    assertThat(measurements.estimatedRows()).isEqualTo(1000);
    assertThat(measurements.sizeBytes()).isGreaterThan(16384);
    assertThat(measurements.hasPrimaryKey()).isTrue();

    TableSummary neverAnalysed = tables.get(UPPER_ORDERS);
    assertThat(neverAnalysed.estimatedRows()).isEqualTo(-1);
    assertThat(neverAnalysed.hasPrimaryKey()).isFalse();

    assertThat(tables.get(ORDERS).hasPrimaryKey()).isTrue();
  }

  @Test
  void readsColumnsWithExactTypes() throws Exception {
    TableSchema customers = introspector.table(CUSTOMERS).orElseThrow();

    assertThat(customers.columns())
        .containsExactly(
            column("id", 1, "bigint", "bigint").notNull().autoIncrement().key(1),
            column("tenant", 2, "integer", "integer").notNull().build(),
            column("email", 3, "character varying", "character varying(200)")
                .notNull()
                .length(200)
                .build(),
            column("mood", 4, "sales.mood", "sales.mood")
                .category(TypeCategory.ENUM, null)
                .labels("sad", "so-so", "ok", "happy")
                .defaultValue("'ok'::sales.mood")
                .build(),
            column("tags", 5, "text[]", "text[]").category(TypeCategory.ARRAY, "text").build(),
            column("scores", 6, "integer[]", "integer[]")
                .category(TypeCategory.ARRAY, "integer")
                .build(),
            column("codes", 7, "character varying[]", "character varying(20)[]")
                .category(TypeCategory.ARRAY, "character varying(20)")
                .length(20)
                .build(),
            // an array of an enum carries the enum's labels
            column("moods", 8, "sales.mood[]", "sales.mood[]")
                .category(TypeCategory.ARRAY, "sales.mood")
                .labels("sad", "so-so", "ok", "happy")
                .build(),
            column("created", 9, "timestamp with time zone", "timestamp(3) with time zone")
                .notNull()
                .scale(3)
                .defaultValue("now()")
                .build(),
            // no declared precision: microseconds
            column("updated", 10, "timestamp without time zone", "timestamp without time zone")
                .scale(6)
                .build(),
            column("period", 11, "tstzrange", "tstzrange")
                .category(TypeCategory.OTHER, null)
                .build());
    assertThat(customers.primaryKey()).containsExactly("id");
    // the expression and the partial unique index are not keys; the covering one is, without
    // its included column
    assertThat(customers.uniqueKeys())
        .containsExactly(
            new UniqueKey("customers_email_covering", List.of("email", "tenant")),
            new UniqueKey("customers_tenant_email_key", List.of("tenant", "email")));
    assertThat(customers.foreignKeys()).isEmpty();
  }

  @Test
  void readsNumericPrecisionDomainsAndKeyOrder() throws Exception {
    TableSchema orders = introspector.table(ORDERS).orElseThrow();

    assertThat(orders.columns())
        .extracting(ColumnSchema::name)
        .containsExactly(
            "region",
            "order_no",
            "customer_id",
            "currency",
            "total",
            "price",
            "bonus",
            "amount",
            "with_tax",
            "note");
    assertThat(orders.columns())
        .extracting(ColumnSchema::position)
        // the attribute numbers: dropped_later's 10 is not reused (a rename keeps a column's)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 11);
    // the key's order, not the table's
    assertThat(orders.primaryKey()).containsExactly("order_no", "region");
    assertThat(orders.column("region").orElseThrow().primaryKeyPosition()).isEqualTo(2);
    assertThat(orders.column("order_no").orElseThrow().primaryKeyPosition()).isEqualTo(1);

    assertThat(orders.column("region").orElseThrow())
        .isEqualTo(column("region", 1, "character", "character(2)").notNull().length(2).key(2));
    assertThat(orders.column("total").orElseThrow())
        .isEqualTo(
            column("total", 5, "numeric", "numeric(12,2)")
                .notNull()
                .numeric(12, 2)
                .defaultValue("0")
                .build());
    assertThat(orders.column("price").orElseThrow())
        .isEqualTo(
            column("price", 6, "sales.price", "sales.price")
                .category(TypeCategory.DOMAIN, "numeric(5,2)")
                .numeric(5, 2)
                .build());
    // a domain over a domain: the innermost base type
    assertThat(orders.column("bonus").orElseThrow())
        .isEqualTo(
            column("bonus", 7, "sales.positive_price", "sales.positive_price")
                .category(TypeCategory.DOMAIN, "numeric(5,2)")
                .numeric(5, 2)
                .build());
    ColumnSchema amount = orders.column("amount").orElseThrow();
    assertThat(amount.columnType()).isEqualTo("numeric");
    assertThat(amount.precision()).isNull();
    assertThat(amount.scale()).isNull();
    // a generated column has no default
    ColumnSchema withTax = orders.column("with_tax").orElseThrow();
    assertThat(withTax.defaultValue()).isNull();
    assertThat(withTax.autoIncrement()).isFalse();

    assertThat(orders.uniqueKeys()).isEmpty();
    assertThat(orders.foreignKeys())
        .containsExactly(
            new ForeignKey(
                "orders_currency_fkey", ORDERS, List.of("currency"), CURRENCIES, List.of("code")),
            new ForeignKey(
                "orders_customer_id_fkey",
                ORDERS,
                List.of("customer_id"),
                CUSTOMERS,
                List.of("id")));
  }

  @Test
  void readsOddIdentifiersSerialAndCompositeCrossSchemaForeignKey() throws Exception {
    TableSchema lines = introspector.table(ORDER_LINES).orElseThrow();

    assertThat(lines.id()).isEqualTo(ORDER_LINES);
    assertThat(lines.columns())
        .containsExactly(
            column("line_id", 1, "integer", "integer")
                .notNull()
                .defaultValue("nextval('\"Mixed Case\".\"Order Lines_line_id_seq\"'::regclass)")
                .autoIncrement()
                .key(1),
            column("Region", 2, "character", "character(2)").notNull().length(2).build(),
            column("Order No", 3, "integer", "integer").notNull().build(),
            column("qty.unit", 4, "smallint", "smallint").defaultValue("1").build(),
            column("say \"hi\"", 5, "text", "text").build(),
            column("größe", 6, "\"Mixed Case\".\"Size\"", "\"Mixed Case\".\"Size\"")
                .category(TypeCategory.ENUM, null)
                .labels("S", "it's \"M\"", "L")
                .build());
    assertThat(lines.primaryKey()).containsExactly("line_id");
    assertThat(lines.foreignKeys())
        .containsExactly(
            new ForeignKey(
                "lines → orders",
                ORDER_LINES,
                List.of("Order No", "Region"),
                ORDERS,
                List.of("order_no", "region")));

    TableSchema odd = introspector.table(ODD).orElseThrow();
    assertThat(odd.columns()).extracting(ColumnSchema::name).containsExactly("ключ");
    assertThat(odd.primaryKey()).containsExactly("ключ");
  }

  @Test
  void tableWithoutPrimaryKeyAndBitLength() throws Exception {
    TableSchema events = introspector.table(EVENTS).orElseThrow();

    assertThat(events.hasPrimaryKey()).isFalse();
    assertThat(events.columns()).allSatisfy(c -> assertThat(c.primaryKeyPosition()).isZero());
    assertThat(events.columns())
        .extracting(ColumnSchema::columnType)
        .containsExactly("jsonb", "timestamp(0) without time zone", "character varying", "bit(3)");
    assertThat(events.column("at").orElseThrow().scale()).isZero();
    assertThat(events.column("kind").orElseThrow().length()).isNull();
    assertThat(events.column("flags").orElseThrow().length()).isEqualTo(3);
  }

  @Test
  void partitionedTableHasItsKey() throws Exception {
    TableSchema measurements = introspector.table(MEASUREMENTS).orElseThrow();

    assertThat(measurements.columns())
        .extracting(ColumnSchema::name)
        .containsExactly("id", "taken", "value");
    assertThat(measurements.primaryKey()).containsExactly("id", "taken");
    assertThat(measurements.column("value").orElseThrow().dataType()).isEqualTo("double precision");
  }

  @Test
  void missingTablesAreEmpty() throws Exception {
    assertThat(introspector.table(new TableId("sales", "missing"))).isEmpty();
    // names are exact: no case folding
    assertThat(introspector.table(new TableId("Sales", "orders"))).isEmpty();
    assertThat(introspector.table(new TableId("mixed case", "order lines"))).isEmpty();
    // a view is not a table
    assertThat(introspector.table(new TableId("sales", "big_orders"))).isEmpty();
    assertThat(introspector.dependencies(new TableId("sales", "missing"))).isEmpty();
  }

  @Test
  void readsManyTablesAtOnceInTheOrderAsked() throws Exception {
    List<TableSchema> tables =
        introspector.tables(
            List.of(ORDER_LINES, new TableId("sales", "missing"), UPPER_ORDERS, ORDERS, ORDERS));

    assertThat(tables)
        .extracting(TableSchema::id)
        .containsExactly(ORDER_LINES, UPPER_ORDERS, ORDERS);
    assertThat(tables.get(1).columns()).extracting(ColumnSchema::name).containsExactly("id");
    assertThat(tables.get(2)).isEqualTo(introspector.table(ORDERS).orElseThrow());
    assertThat(introspector.tables(List.of())).isEmpty();
  }

  @Test
  void dependenciesBothWays() throws Exception {
    TableDependencies orders = introspector.dependencies(ORDERS).orElseThrow();

    assertThat(orders.table()).isEqualTo(ORDERS);
    assertThat(orders.references())
        .extracting(ForeignKey::referencedTable)
        .containsExactly(CURRENCIES, CUSTOMERS);
    assertThat(orders.referencedBy())
        .containsExactly(
            new ForeignKey(
                "lines → orders",
                ORDER_LINES,
                List.of("Order No", "Region"),
                ORDERS,
                List.of("order_no", "region")),
            new ForeignKey(
                "parted_orders_order_no_region_fkey",
                PARTED_ORDERS,
                List.of("order_no", "region"),
                ORDERS,
                List.of("order_no", "region")));

    TableDependencies currencies = introspector.dependencies(CURRENCIES).orElseThrow();
    assertThat(currencies.references()).isEmpty();
    assertThat(currencies.referencedBy()).extracting(ForeignKey::table).containsExactly(ORDERS);
  }

  @Test
  void partitionCopiesOfForeignKeysAreNotRepeated() throws Exception {
    ForeignKey notesToMeasurements =
        new ForeignKey(
            "measurement_notes_measurement_id_taken_fkey",
            MEASUREMENT_NOTES,
            List.of("measurement_id", "taken"),
            MEASUREMENTS,
            List.of("id", "taken"));

    assertThat(introspector.dependencies(MEASUREMENTS).orElseThrow().referencedBy())
        .containsExactly(notesToMeasurements);
    assertThat(introspector.dependencies(MEASUREMENT_NOTES).orElseThrow().references())
        .containsExactly(notesToMeasurements);
    assertThat(introspector.table(MEASUREMENT_NOTES).orElseThrow().foreignKeys())
        .containsExactly(notesToMeasurements);
    assertThat(introspector.table(PARTED_ORDERS).orElseThrow().foreignKeys()).hasSize(1);
  }

  /** An expected column: nullable, no default, no key, a base type, unless told otherwise. */
  private static ExpectedColumn column(
      String name, int position, String dataType, String columnType) {
    return new ExpectedColumn(name, position, dataType, columnType);
  }

  private static final class ExpectedColumn {
    private final String name;
    private final int position;
    private final String dataType;
    private final String columnType;
    private TypeCategory category = TypeCategory.BASE;
    private String baseType;
    private Integer length;
    private Integer precision;
    private Integer scale;
    private boolean nullable = true;
    private String defaultValue;
    private boolean autoIncrement;
    private List<String> labels = List.of();

    ExpectedColumn(String name, int position, String dataType, String columnType) {
      this.name = name;
      this.position = position;
      this.dataType = dataType;
      this.columnType = columnType;
    }

    ExpectedColumn notNull() {
      nullable = false;
      return this;
    }

    ExpectedColumn autoIncrement() {
      autoIncrement = true;
      return this;
    }

    ExpectedColumn length(int value) {
      length = value;
      return this;
    }

    ExpectedColumn numeric(int precisionValue, int scaleValue) {
      precision = precisionValue;
      scale = scaleValue;
      return this;
    }

    ExpectedColumn scale(int value) {
      scale = value;
      return this;
    }

    ExpectedColumn defaultValue(String value) {
      defaultValue = value;
      return this;
    }

    ExpectedColumn category(TypeCategory value, String base) {
      category = value;
      baseType = base;
      return this;
    }

    ExpectedColumn labels(String... values) {
      labels = Arrays.asList(values);
      return this;
    }

    /** The column as part of the primary key at {@code keyPosition}. */
    ColumnSchema key(int keyPosition) {
      return build(keyPosition);
    }

    ColumnSchema build() {
      return build(0);
    }

    private ColumnSchema build(int keyPosition) {
      return new ColumnSchema(
          name,
          position,
          dataType,
          columnType,
          category,
          baseType,
          length,
          precision,
          scale,
          false,
          nullable,
          defaultValue,
          autoIncrement,
          keyPosition,
          labels);
    }
  }
}
