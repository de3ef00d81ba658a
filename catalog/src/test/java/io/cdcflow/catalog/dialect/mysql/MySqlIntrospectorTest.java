package io.cdcflow.catalog.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.catalog.discovery.ColumnSchema;
import io.cdcflow.catalog.discovery.ColumnSchema.TypeCategory;
import io.cdcflow.catalog.discovery.ForeignKey;
import io.cdcflow.catalog.discovery.SchemaIntrospector;
import io.cdcflow.catalog.discovery.TableDependencies;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TablePattern;
import io.cdcflow.catalog.discovery.TableSchema;
import io.cdcflow.catalog.discovery.TableSummary;
import io.cdcflow.catalog.discovery.UniqueKey;
import io.cdcflow.testing.TestMariaDb;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MySqlIntrospectorTest {

  private static TestMariaDb mariaDb;
  private static String db;
  private static String refDb;
  private static Connection connection;
  private static SchemaIntrospector introspector;

  private static TableId customers;
  private static TableId orders;
  private static TableId upperOrders;
  private static TableId orderLines;
  private static TableId events;
  private static TableId measurements;
  private static TableId dotted;
  private static TableId currencies;

  @BeforeAll
  static void createSchema() throws Exception {
    mariaDb = TestMariaDb.shared();
    refDb = mariaDb.createDatabase("introspect_ref");
    db = mariaDb.createDatabase("introspect");
    customers = new TableId(db, "customers");
    orders = new TableId(db, "orders");
    upperOrders = new TableId(db, "ORDERS");
    orderLines = new TableId(db, "Order Lines");
    events = new TableId(db, "events");
    measurements = new TableId(db, "measurements");
    dotted = new TableId(db, "Straße.x");
    currencies = new TableId(refDb, "currencies");

    mariaDb.execute(
        refDb,
        """
        CREATE TABLE currencies (
          code char(3) NOT NULL PRIMARY KEY,
          name varchar(40) NOT NULL,
          UNIQUE KEY currencies_name (name))""");
    mariaDb.execute(
        db,
        """
        CREATE TABLE customers (
          id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
          tenant int NOT NULL,
          email varchar(200) NOT NULL,
          active tinyint(1) NOT NULL DEFAULT 1,
          mood enum('sad','ok','it''s "x"','back\\\\slash','a,b') DEFAULT 'ok',
          perms set('read','write','admin') NOT NULL DEFAULT 'read,write',
          balance decimal(12,2) NOT NULL DEFAULT 0.00,
          big bigint unsigned,
          ratio double,
          created datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
          updated timestamp NULL,
          note text,
          flags bit(4),
          token binary(16),
          doc json,
          UNIQUE KEY customers_tenant_email (tenant, email),
          UNIQUE KEY customers_email_prefix (email(20)),
          KEY customers_tenant (tenant))""",
        """
        CREATE TABLE orders (
          region char(2) NOT NULL,
          order_no int NOT NULL,
          customer_id int unsigned NOT NULL,
          currency char(3),
          total decimal(12,2) NOT NULL DEFAULT 0,
          with_tax decimal(14,2) AS (total * 1.2) STORED,
          PRIMARY KEY (order_no, region),
          CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id),
          CONSTRAINT orders_currency FOREIGN KEY (currency) REFERENCES `%s`.currencies (code))"""
            .formatted(refDb),
        """
        CREATE TABLE `Order Lines` (
          `line id` bigint NOT NULL AUTO_INCREMENT,
          `Region` char(2) NOT NULL,
          `Order No` int NOT NULL,
          `qty.unit` smallint DEFAULT 1,
          `say "hi"` varchar(10) DEFAULT 'NULL',
          `back``tick` text,
          `größe` enum('S','M','L') NOT NULL,
          PRIMARY KEY (`line id`),
          CONSTRAINT `lines → orders` FOREIGN KEY (`Order No`, `Region`)
            REFERENCES orders (order_no, region) ON UPDATE CASCADE ON DELETE CASCADE)""",
        "CREATE TABLE ORDERS (id int)",
        "CREATE TABLE `Straße.x` (`ключ` int NOT NULL PRIMARY KEY)",
        "CREATE TABLE events (payload text, at datetime, kind varchar(20))",
        """
        CREATE TABLE measurements (id bigint NOT NULL, taken date NOT NULL, value double,
          PRIMARY KEY (id, taken))
        PARTITION BY RANGE (year(taken)) (
          PARTITION p2024 VALUES LESS THAN (2025), PARTITION p2025 VALUES LESS THAN (2026))""",
        "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100",
        "CREATE SEQUENCE order_numbers",
        """
        INSERT INTO events (payload, at, kind)
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
        SELECT repeat('x', 100), now(), 'k' FROM n""",
        "ANALYZE TABLE events");
    connection = mariaDb.connect(db);
    introspector = MySqlDialect.INSTANCE.introspector(connection);
  }

  @AfterAll
  static void close() throws Exception {
    if (connection != null) {
      connection.close();
    }
  }

  @Test
  void listsUserDatabasesOnly() throws Exception {
    List<String> databases = introspector.databases();

    assertThat(databases)
        .contains(db, refDb)
        .doesNotContain("information_schema", "mysql", "performance_schema", "sys")
        .isSorted();
    assertThat(introspector.schemas()).isEqualTo(databases);
  }

  @Test
  void listsBaseTablesButNotViewsOrSequences() throws Exception {
    assertThat(introspector.tables(db, null))
        .extracting(TableSummary::id)
        .containsExactly(upperOrders, orderLines, dotted, customers, events, measurements, orders);
  }

  @Test
  void nullSchemaMeansEveryUserDatabase() throws Exception {
    List<TableId> all = introspector.tables(null, null).stream().map(TableSummary::id).toList();

    assertThat(all).contains(currencies, customers, orderLines).isSorted();
    assertThat(all)
        .extracting(TableId::schema)
        .doesNotContain("information_schema", "mysql", "performance_schema", "sys");
  }

  @Test
  void filtersByNamePatternExactly() throws Exception {
    assertThat(introspector.tables(db, TablePattern.forName("order*")))
        .extracting(TableSummary::id)
        .containsExactly(orders);
    assertThat(introspector.tables(db, TablePattern.forName("*s")))
        .extracting(TableSummary::id)
        .containsExactly(orderLines, customers, events, measurements, orders);
    assertThat(introspector.tables(db, TablePattern.forName("Order *")))
        .extracting(TableSummary::id)
        .containsExactly(orderLines);
    assertThat(introspector.tables(db, TablePattern.forName("Straße.*")))
        .extracting(TableSummary::id)
        .containsExactly(dotted);
    assertThat(introspector.tables(null, TablePattern.forName("currencies")))
        .extracting(TableSummary::id)
        .containsExactly(currencies);
    // database names are exact too
    assertThat(introspector.tables(db.toUpperCase(), null)).isEmpty();
  }

  @Test
  void summariesCarryStatisticsAndPrimaryKeyFlag() throws Exception {
    Map<TableId, TableSummary> tables =
        introspector.tables(db, null).stream()
            .collect(Collectors.toMap(TableSummary::id, Function.identity()));

    TableSummary eventSummary = tables.get(events);
    assertThat(eventSummary.estimatedRows()).isBetween(250L, 1000L);
    assertThat(eventSummary.sizeBytes()).isGreaterThan(16384);
    assertThat(eventSummary.hasPrimaryKey()).isFalse();
    assertThat(tables.get(orders).hasPrimaryKey()).isTrue();
    assertThat(tables.get(upperOrders).hasPrimaryKey()).isFalse();
    assertThat(tables.get(measurements).hasPrimaryKey()).isTrue();
  }

  @Test
  void readsColumnsWithExactTypes() throws Exception {
    TableSchema table = introspector.table(customers).orElseThrow();

    assertThat(table.columns())
        .containsExactly(
            column("id", 1, "int", "int(10) unsigned").notNull().unsigned().autoIncrement().key(1),
            column("tenant", 2, "int", "int(11)").notNull().build(),
            column("email", 3, "varchar", "varchar(200)").notNull().length(200).build(),
            column("active", 4, "tinyint", "tinyint(1)").notNull().defaultValue("1").build(),
            column("mood", 5, "enum", "enum('sad','ok','it''s \"x\"','back\\\\slash','a,b')")
                .category(TypeCategory.ENUM)
                .labels("sad", "ok", "it's \"x\"", "back\\slash", "a,b")
                .defaultValue("'ok'")
                .build(),
            column("perms", 6, "set", "set('read','write','admin')")
                .notNull()
                .category(TypeCategory.SET)
                .labels("read", "write", "admin")
                .defaultValue("'read,write'")
                .build(),
            column("balance", 7, "decimal", "decimal(12,2)")
                .notNull()
                .numeric(12, 2)
                .defaultValue("0.00")
                .build(),
            column("big", 8, "bigint", "bigint(20) unsigned").unsigned().build(),
            column("ratio", 9, "double", "double").build(),
            column("created", 10, "datetime", "datetime(3)")
                .notNull()
                .scale(3)
                .defaultValue("current_timestamp(3)")
                .build(),
            column("updated", 11, "timestamp", "timestamp").scale(0).build(),
            column("note", 12, "text", "text").build(),
            column("flags", 13, "bit", "bit(4)").length(4).build(),
            column("token", 14, "binary", "binary(16)").length(16).build(),
            // MariaDB's json is longtext with a json_valid check
            column("doc", 15, "longtext", "longtext").build());
    assertThat(table.primaryKey()).containsExactly("id");
    // a prefix still makes the whole value unique; the plain index is not a key
    assertThat(table.uniqueKeys())
        .containsExactly(
            new UniqueKey("customers_email_prefix", List.of("email")),
            new UniqueKey("customers_tenant_email", List.of("tenant", "email")));
    assertThat(table.foreignKeys()).isEmpty();
  }

  @Test
  void compositeKeyInKeyOrderAndForeignKeysAcrossDatabases() throws Exception {
    TableSchema table = introspector.table(orders).orElseThrow();

    assertThat(table.columns())
        .extracting(ColumnSchema::name)
        .containsExactly("region", "order_no", "customer_id", "currency", "total", "with_tax");
    assertThat(table.primaryKey()).containsExactly("order_no", "region");
    assertThat(table.column("region").orElseThrow().primaryKeyPosition()).isEqualTo(2);
    assertThat(table.column("order_no").orElseThrow().primaryKeyPosition()).isEqualTo(1);
    assertThat(table.column("region").orElseThrow())
        .isEqualTo(column("region", 1, "char", "char(2)").notNull().length(2).key(2));
    // a generated column has no default
    ColumnSchema withTax = table.column("with_tax").orElseThrow();
    assertThat(withTax.defaultValue()).isNull();
    assertThat(withTax.precision()).isEqualTo(14);
    assertThat(table.foreignKeys())
        .containsExactly(
            new ForeignKey(
                "orders_currency", orders, List.of("currency"), currencies, List.of("code")),
            new ForeignKey(
                "orders_customer", orders, List.of("customer_id"), customers, List.of("id")));
  }

  @Test
  void readsOddIdentifiers() throws Exception {
    TableSchema table = introspector.table(orderLines).orElseThrow();

    assertThat(table.id()).isEqualTo(orderLines);
    assertThat(table.columns())
        .containsExactly(
            column("line id", 1, "bigint", "bigint(20)").notNull().autoIncrement().key(1),
            column("Region", 2, "char", "char(2)").notNull().length(2).build(),
            column("Order No", 3, "int", "int(11)").notNull().build(),
            column("qty.unit", 4, "smallint", "smallint(6)").defaultValue("1").build(),
            // a string default 'NULL' is not "no default"
            column("say \"hi\"", 5, "varchar", "varchar(10)")
                .length(10)
                .defaultValue("'NULL'")
                .build(),
            column("back`tick", 6, "text", "text").build(),
            column("größe", 7, "enum", "enum('S','M','L')")
                .notNull()
                .category(TypeCategory.ENUM)
                .labels("S", "M", "L")
                .build());
    assertThat(table.primaryKey()).containsExactly("line id");
    assertThat(table.foreignKeys())
        .containsExactly(
            new ForeignKey(
                "lines → orders",
                orderLines,
                List.of("Order No", "Region"),
                orders,
                List.of("order_no", "region"),
                "CASCADE",
                "CASCADE"));

    TableSchema odd = introspector.table(dotted).orElseThrow();
    assertThat(odd.columns()).extracting(ColumnSchema::name).containsExactly("ключ");
    assertThat(odd.primaryKey()).containsExactly("ключ");
  }

  @Test
  void tableWithoutPrimaryKeyAndPartitionedTable() throws Exception {
    TableSchema eventTable = introspector.table(events).orElseThrow();
    assertThat(eventTable.hasPrimaryKey()).isFalse();
    assertThat(eventTable.columns()).noneMatch(ColumnSchema::primaryKey);
    assertThat(eventTable.column("at").orElseThrow().scale()).isZero();

    TableSchema partitioned = introspector.table(measurements).orElseThrow();
    assertThat(partitioned.primaryKey()).containsExactly("id", "taken");
  }

  @Test
  void namesAreExact() throws Exception {
    // ORDERS and orders are two tables; information_schema alone would not tell them apart
    assertThat(introspector.table(upperOrders).orElseThrow().columns())
        .extracting(ColumnSchema::name)
        .containsExactly("id");
    assertThat(introspector.table(new TableId(db, "Orders"))).isEmpty();
    assertThat(introspector.table(new TableId(db, "order lines"))).isEmpty();
    assertThat(introspector.table(new TableId(db, "Strasse.x"))).isEmpty();
    assertThat(introspector.table(new TableId(db.toUpperCase(), "orders"))).isEmpty();
  }

  @Test
  void missingTablesAndViewsAreEmpty() throws Exception {
    assertThat(introspector.table(new TableId(db, "missing"))).isEmpty();
    assertThat(introspector.table(new TableId(db, "big_orders"))).isEmpty();
    assertThat(introspector.table(new TableId("no_such_database", "orders"))).isEmpty();
    assertThat(introspector.dependencies(new TableId(db, "missing"))).isEmpty();
  }

  @Test
  void readsManyTablesAtOnceInTheOrderAsked() throws Exception {
    List<TableSchema> tables =
        introspector.tables(
            List.of(
                orderLines, new TableId(db, "missing"), currencies, upperOrders, orders, orders));

    assertThat(tables)
        .extracting(TableSchema::id)
        .containsExactly(orderLines, currencies, upperOrders, orders);
    assertThat(tables.get(1).uniqueKeys())
        .containsExactly(new UniqueKey("currencies_name", List.of("name")));
    assertThat(tables.get(3)).isEqualTo(introspector.table(orders).orElseThrow());
    assertThat(introspector.tables(List.of())).isEmpty();
  }

  @Test
  void dependenciesBothWays() throws Exception {
    TableDependencies orderDependencies = introspector.dependencies(orders).orElseThrow();

    assertThat(orderDependencies.references())
        .extracting(ForeignKey::referencedTable)
        .containsExactly(currencies, customers);
    assertThat(orderDependencies.referencedBy())
        .containsExactly(
            new ForeignKey(
                "lines → orders",
                orderLines,
                List.of("Order No", "Region"),
                orders,
                List.of("order_no", "region"),
                "CASCADE",
                "CASCADE"));

    TableDependencies currencyDependencies = introspector.dependencies(currencies).orElseThrow();
    assertThat(currencyDependencies.references()).isEmpty();
    assertThat(currencyDependencies.referencedBy())
        .containsExactly(
            new ForeignKey(
                "orders_currency", orders, List.of("currency"), currencies, List.of("code")));

    // ORDERS is not orders: nothing points at it
    TableDependencies upper = introspector.dependencies(upperOrders).orElseThrow();
    assertThat(upper.references()).isEmpty();
    assertThat(upper.referencedBy()).isEmpty();
  }

  @Test
  void enumLabelsWithEscapes() {
    assertThat(MySqlEnumLabels.parse("enum('a','b''c','d\\\\e','f,g','h)i','')"))
        .containsExactly("a", "b'c", "d\\e", "f,g", "h)i", "");
    assertThat(MySqlEnumLabels.parse("set('x\\ny','n\\0n')")).containsExactly("x\ny", "n\0n");
    assertThatThrownBy(() -> MySqlEnumLabels.parse("enum('a"))
        .isInstanceOf(IllegalArgumentException.class);
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
    private Integer length;
    private Integer precision;
    private Integer scale;
    private boolean unsigned;
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

    ExpectedColumn unsigned() {
      unsigned = true;
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

    ExpectedColumn category(TypeCategory value) {
      category = value;
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
          null,
          length,
          precision,
          scale,
          unsigned,
          nullable,
          defaultValue,
          autoIncrement,
          keyPosition,
          labels);
    }
  }
}
