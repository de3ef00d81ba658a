package io.cdcflow.jobs.testing;

import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.testing.TestPostgres;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL shop: {@code public.orders} (one column per common type, NULLs included: numeric with
 * and without precision, real, double, boolean, timestamptz, timestamp(3), date, time, jsonb, json,
 * text[], int[], uuid, bytea, text, an enum, interval, bit(8), a domain, char(6)), {@code
 * public.order_items} with a composite key, and {@code sales."MixedCase"} whose names need quoting
 * ({@code "Id"}, {@code "select"}).
 */
public final class PostgresShopFixture implements SourceFixture {

  public static final TableId ORDERS = new TableId("public", "orders");
  public static final TableId ITEMS = new TableId("public", "order_items");
  public static final TableId MIXED = new TableId("sales", "MixedCase");

  private static final String ORDER_COLUMNS =
      "id, customer, amount, qty, small, price, ratio, active, created, local_ts, day, at_time,"
          + " payload, doc, tags, nums, uid, data, note, status, big, dur, flags, rating, fixed";
  private static final String ORDER_VALUES =
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::time, ?::jsonb, ?::json, ?::text[], ?::int[], ?::uuid,"
          + " ?, ?, ?::mood, ?, ?::interval, ?::bit(8), ?, ?";

  private final TestPostgres server;
  private final String database;
  private final int orders;
  private final AtomicLong nextOrder;

  public PostgresShopFixture(TestPostgres server, String database, int orders) {
    this.server = server;
    this.database = database;
    this.orders = orders;
    this.nextOrder = new AtomicLong(orders + 1);
  }

  @Override
  public TestPostgres server() {
    return server;
  }

  @Override
  public String database() {
    return database;
  }

  @Override
  public Map<TableId, List<String>> tables() {
    Map<TableId, List<String>> t = new LinkedHashMap<>();
    t.put(ORDERS, List.of("id"));
    t.put(ITEMS, List.of("order_id", "line"));
    t.put(MIXED, List.of("Id"));
    return t;
  }

  @Override
  public void create() throws SQLException {
    server.execute(
        database,
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
        "CREATE DOMAIN posint AS integer CHECK (VALUE > 0)",
        """
        CREATE TABLE public.orders (
          id bigint PRIMARY KEY,
          customer varchar(40) NOT NULL,
          amount numeric(12,2),
          qty integer,
          small smallint,
          price real,
          ratio double precision,
          active boolean,
          created timestamptz,
          local_ts timestamp(3),
          day date,
          at_time time,
          payload jsonb,
          doc json,
          tags text[],
          nums integer[],
          uid uuid,
          data bytea,
          note text,
          status mood,
          big numeric,
          dur interval,
          flags bit(8),
          rating posint,
          fixed char(6))
        """,
        """
        CREATE TABLE public.order_items (
          order_id bigint NOT NULL,
          line integer NOT NULL,
          sku varchar(20) NOT NULL,
          qty integer NOT NULL,
          price numeric(10,3),
          PRIMARY KEY (order_id, line))
        """,
        "CREATE SCHEMA sales",
        """
        CREATE TABLE sales."MixedCase" (
          "Id" integer PRIMARY KEY, "select" text, "Unit Price" numeric(8,2))
        """);
    try (Connection c = server.connect(database)) {
      c.setAutoCommit(false);
      try (PreparedStatement order = c.prepareStatement(insertOrder());
          PreparedStatement item = c.prepareStatement(insertItem());
          PreparedStatement mixed = c.prepareStatement(insertMixed())) {
        for (long id = 1; id <= orders; id++) {
          bindOrder(order, id, 0);
          order.addBatch();
          for (int line = 1; line <= 2; line++) {
            bindItem(item, id, line, 0);
            item.addBatch();
          }
          if (id % 5 == 0) {
            bindMixed(mixed, id / 5, 0);
            mixed.addBatch();
          }
        }
        order.executeBatch();
        item.executeBatch();
        mixed.executeBatch();
      }
      c.commit();
    }
  }

  @Override
  public void randomChange(Connection c, Random random) throws SQLException {
    long existing = 1 + random.nextInt((int) nextOrder.get());
    int version = 1 + random.nextInt(1000);
    switch (random.nextInt(12)) {
      case 0, 1, 2 -> insertOrder(c, nextOrder.getAndIncrement(), version);
      case 3, 4 ->
          update(
              c,
              "UPDATE public.orders SET amount = amount + 1, note = ?, active = NOT active,"
                  + " tags = array_append(tags, 'u'), payload = jsonb_set(coalesce(payload, '{}'), '{v}', ?::jsonb),"
                  + " created = created + interval '1 second' WHERE id = ?",
              "note v" + version,
              String.valueOf(version),
              existing);
      case 5 -> update(c, "DELETE FROM public.orders WHERE id = ?", existing);
      case 6 ->
          update(
              c,
              "UPDATE public.orders SET id = ? WHERE id = ?",
              nextOrder.getAndIncrement(),
              existing);
      case 7 -> {
        try (PreparedStatement ps = c.prepareStatement(insertItem() + " ON CONFLICT DO NOTHING")) {
          bindItem(ps, existing, 3 + random.nextInt(5), version);
          ps.executeUpdate();
        }
      }
      case 8 ->
          update(
              c,
              "UPDATE public.order_items SET qty = qty + 1, price = NULL WHERE order_id = ?",
              existing);
      case 9 ->
          update(
              c,
              "UPDATE public.order_items SET line = line + 100 WHERE order_id = ? AND line = 1",
              existing);
      case 10 ->
          update(c, "DELETE FROM public.order_items WHERE order_id = ? AND line = 2", existing);
      default ->
          update(
              c,
              "UPDATE sales.\"MixedCase\" SET \"select\" = ?, \"Unit Price\" = \"Unit Price\" + 1 WHERE \"Id\" = ?",
              "sel " + version,
              existing / 5);
    }
  }

  @Override
  public void everyKindOfChange(Connection c) throws SQLException {
    long a = nextOrder.getAndIncrement();
    insertOrder(c, a, 7);
    update(c, "UPDATE public.orders SET amount = 1.5, note = NULL, tags = NULL WHERE id = ?", a);
    update(c, "UPDATE public.orders SET id = ? WHERE id = ?", nextOrder.getAndIncrement(), a);
    update(c, "DELETE FROM public.orders WHERE id = 2");
    update(c, "UPDATE public.orders SET customer = 'changed after snapshot' WHERE id = 3");
    update(c, "INSERT INTO public.order_items VALUES (4, 99, 'new', 1, 9.999)");
    update(c, "UPDATE public.order_items SET line = 98 WHERE order_id = 4 AND line = 99");
    update(c, "DELETE FROM public.order_items WHERE order_id = 5");
    update(c, "UPDATE public.order_items SET sku = 'x' WHERE order_id = 6 AND line = 1");
    update(c, "INSERT INTO sales.\"MixedCase\" VALUES (100000, 'quoted \"name\"', 1.25)");
    update(c, "UPDATE sales.\"MixedCase\" SET \"Id\" = 100001 WHERE \"Id\" = 100000");
    update(c, "DELETE FROM sales.\"MixedCase\" WHERE \"Id\" = 1");
  }

  private void insertOrder(Connection c, long id, int version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insertOrder())) {
      bindOrder(ps, id, version);
      ps.executeUpdate();
    }
  }

  private static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  private static String insertOrder() {
    return "INSERT INTO public.orders (" + ORDER_COLUMNS + ") VALUES (" + ORDER_VALUES + ")";
  }

  private static String insertItem() {
    return "INSERT INTO public.order_items (order_id, line, sku, qty, price) VALUES (?, ?, ?, ?, ?)";
  }

  private static String insertMixed() {
    return "INSERT INTO sales.\"MixedCase\" (\"Id\", \"select\", \"Unit Price\") VALUES (?, ?, ?)";
  }

  static void bindOrder(PreparedStatement ps, long id, int version) throws SQLException {
    long v = id * 31 + version;
    int p = 1;
    ps.setLong(p++, id);
    ps.setString(p++, "cust-" + (v % 97) + (id % 13 == 0 ? " ünïcödé 'q' \"d\" \\" : ""));
    ps.setBigDecimal(p++, id % 11 == 0 ? null : BigDecimal.valueOf(v * 137 % 10_000_000, 2));
    ps.setObject(p++, id % 17 == 0 ? null : (int) (v % 1000) - 500);
    ps.setShort(p++, (short) (v % 32767));
    ps.setObject(p++, id % 5 == 0 ? null : (float) (v / 7.0));
    ps.setDouble(p++, v / 3.0);
    ps.setObject(p++, id % 3 == 0 ? null : v % 2 == 0);
    ps.setObject(
        p++,
        OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2))
            .plusSeconds(v * 3601)
            .plusNanos((v * 37 % 1_000_000) * 1000));
    ps.setObject(
        p++, LocalDateTime.of(2023, 6, 1, 12, 0).plusMinutes(v).plusNanos((v % 1000) * 1_000_000));
    ps.setObject(p++, id % 7 == 0 ? null : LocalDate.of(1990, 1, 1).plusDays(v));
    // milliseconds only: Flink CDC 3.5.0 snapshots PostgreSQL time through java.sql.Time
    ps.setString(
        p++, String.format("%02d:%02d:%02d.%03d", v % 24, v % 60, (v * 7) % 60, (v * 13) % 1000));
    ps.setString(
        p++,
        id % 9 == 0
            ? null
            : "{\"id\": "
                + id
                + ", \"name\": \"n"
                + v
                + "\", \"nested\": {\"a\": [1, 2, "
                + v
                + "]}, \"f\": 1.5}");
    ps.setString(p++, "{ \"b\": " + v + ",  \"a\": \"x\" }");
    ps.setString(p++, id % 6 == 0 ? null : "{\"a\",\"b c\",\"q\\\"uote\",\"" + v + "\"}");
    ps.setString(p++, "{" + id + "," + v + ",NULL}");
    ps.setString(
        p++, UUID.nameUUIDFromBytes(("o" + v).getBytes(StandardCharsets.UTF_8)).toString());
    byte[] data = new byte[(int) (v % 50)];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (v * i);
    }
    ps.setBytes(p++, id % 8 == 0 ? null : data);
    ps.setString(p++, id % 4 == 0 ? null : "note " + v + " ".repeat((int) (v % 3)));
    ps.setString(p++, id % 10 == 0 ? null : new String[] {"sad", "ok", "happy"}[(int) (v % 3)]);
    ps.setBigDecimal(
        p++,
        id % 12 == 0
            ? null
            : new BigDecimal("123456789012345678901234567890.123456789")
                .add(BigDecimal.valueOf(v)));
    ps.setString(
        p++,
        id % 14 == 0
            ? null
            : (v % 3)
                + " years "
                + (v % 11)
                + " mons "
                + (v % 20)
                + " days "
                + (v % 24)
                + ":05:06.5");
    ps.setString(p++, String.format("%8s", Long.toBinaryString(v % 256)).replace(' ', '0'));
    ps.setObject(p++, id % 15 == 0 ? null : (int) (1 + v % 1000));
    ps.setString(p++, id % 16 == 0 ? null : "c" + (v % 100));
  }

  static void bindItem(PreparedStatement ps, long order, int line, int version)
      throws SQLException {
    long v = order * 7 + line + version;
    ps.setLong(1, order);
    ps.setInt(2, line);
    ps.setString(3, "SKU-" + v);
    ps.setInt(4, (int) (v % 20));
    ps.setBigDecimal(5, v % 9 == 0 ? null : BigDecimal.valueOf(v * 1013 % 1_000_000, 3));
  }

  static void bindMixed(PreparedStatement ps, long id, int version) throws SQLException {
    ps.setLong(1, id);
    ps.setString(2, id % 3 == 0 ? null : "select " + (id + version));
    ps.setBigDecimal(3, BigDecimal.valueOf(id * 101 % 100_000, 2));
  }

  /** Statement helper for tests. */
  public void execute(String... sql) throws SQLException {
    try (Connection c = server.connect(database);
        Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    }
  }
}
