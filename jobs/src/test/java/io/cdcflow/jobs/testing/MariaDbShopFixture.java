package io.cdcflow.jobs.testing;

import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.testing.TestMariaDb;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MariaDB shop: {@code orders} (bigint unsigned key with values above 2^63, signed and unsigned
 * integers, tinyint(1), decimal, float, double, timestamp(3), datetime(6), date, time(6), year,
 * json, enum, set, char(36), blob, binary(4), text, bit(8), bit(1), char(6), a datetime holding
 * zero dates), {@code order_items} with a composite key, and {@code `MixedCase`} whose names need
 * quoting.
 */
public final class MariaDbShopFixture implements SourceFixture {

  private static final String ORDER_COLUMNS =
      "id, customer, amount, qty, small, tiny_u, med, int_u, flag, price, ratio, created,"
          + " local_ts, day, at_time, yr, payload, color, features, uid, data, bin, note, flags,"
          + " one_bit, fixed, zero_dt";

  private static final BigInteger HUGE = BigInteger.ONE.shiftLeft(63);

  private final TestMariaDb server;
  private final String database;
  private final int orders;
  private final AtomicLong nextOrder;

  public MariaDbShopFixture(TestMariaDb server, String database, int orders) {
    this.server = server;
    this.database = database;
    this.orders = orders;
    this.nextOrder = new AtomicLong(orders + 1);
  }

  public TableId orders() {
    return new TableId(database, "orders");
  }

  public TableId items() {
    return new TableId(database, "order_items");
  }

  public TableId mixed() {
    return new TableId(database, "MixedCase");
  }

  @Override
  public TestMariaDb server() {
    return server;
  }

  @Override
  public String database() {
    return database;
  }

  @Override
  public Map<TableId, List<String>> tables() {
    Map<TableId, List<String>> t = new LinkedHashMap<>();
    t.put(orders(), List.of("id"));
    t.put(items(), List.of("order_id", "line"));
    t.put(mixed(), List.of("Id"));
    return t;
  }

  @Override
  public void create() throws SQLException {
    server.execute(
        database,
        """
        CREATE TABLE orders (
          id bigint unsigned PRIMARY KEY,
          customer varchar(40) NOT NULL,
          amount decimal(12,2),
          qty int,
          small tinyint,
          tiny_u tinyint unsigned,
          med mediumint unsigned,
          int_u int unsigned,
          flag tinyint(1),
          price float,
          ratio double,
          created timestamp(3) NULL,
          local_ts datetime(6),
          day date,
          at_time time(6),
          yr year,
          payload json,
          color enum('red','green','blue'),
          features set('a','b','c'),
          uid char(36),
          data blob,
          bin binary(4),
          note text,
          flags bit(8),
          one_bit bit(1),
          fixed char(6),
          zero_dt datetime NULL)
        """,
        """
        CREATE TABLE order_items (
          order_id bigint NOT NULL,
          line int NOT NULL,
          sku varchar(20) NOT NULL,
          qty int NOT NULL,
          price decimal(10,3),
          PRIMARY KEY (order_id, line))
        """,
        """
        CREATE TABLE `MixedCase` (`Id` int PRIMARY KEY, `select` varchar(50), `Unit Price` decimal(8,2))
        """);
    try (Connection c = server.connect(database)) {
      c.setAutoCommit(false);
      try (PreparedStatement order = c.prepareStatement(insertOrder());
          PreparedStatement item = c.prepareStatement(insertItem());
          PreparedStatement mixed = c.prepareStatement(insertMixed())) {
        for (long id = 1; id <= orders; id++) {
          bindOrder(order, BigInteger.valueOf(id), 0);
          order.addBatch();
          for (int line = 1; line <= 2; line++) {
            bindItem(item, id, line, 0);
            item.addBatch();
          }
          if (id % 5 == 0) {
            mixed.setLong(1, id / 5);
            mixed.setString(2, id % 3 == 0 ? null : "select " + id);
            mixed.setBigDecimal(3, BigDecimal.valueOf(id * 101 % 100_000, 2));
            mixed.addBatch();
          }
        }
        for (int k = 1; k <= 3; k++) {
          bindOrder(order, HUGE.add(BigInteger.valueOf(k)), 0);
          order.addBatch();
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
              "UPDATE orders SET amount = amount + 1, note = ?, flag = 1 - flag,"
                  + " payload = JSON_SET(coalesce(payload, '{}'), '$.v', ?), created = created + INTERVAL 1 SECOND,"
                  + " features = 'a,c' WHERE id = ?",
              "note v" + version,
              version,
              existing);
      case 5 -> update(c, "DELETE FROM orders WHERE id = ?", existing);
      case 6 ->
          update(c, "UPDATE orders SET id = ? WHERE id = ?", nextOrder.getAndIncrement(), existing);
      case 7 -> {
        try (PreparedStatement ps =
            c.prepareStatement("INSERT IGNORE" + insertItem().substring("INSERT".length()))) {
          bindItem(ps, existing, 3 + random.nextInt(5), version);
          ps.executeUpdate();
        }
      }
      case 8 ->
          update(
              c, "UPDATE order_items SET qty = qty + 1, price = NULL WHERE order_id = ?", existing);
      case 9 ->
          update(
              c,
              "UPDATE order_items SET line = line + 100 WHERE order_id = ? AND line = 1",
              existing);
      case 10 -> update(c, "DELETE FROM order_items WHERE order_id = ? AND line = 2", existing);
      default ->
          update(
              c,
              "UPDATE `MixedCase` SET `select` = ?, `Unit Price` = `Unit Price` + 1 WHERE `Id` = ?",
              "sel " + version,
              existing / 5);
    }
  }

  @Override
  public void everyKindOfChange(Connection c) throws SQLException {
    long a = nextOrder.getAndIncrement();
    insertOrder(c, a, 7);
    update(c, "UPDATE orders SET amount = 1.5, note = NULL, color = NULL WHERE id = ?", a);
    update(c, "UPDATE orders SET id = ? WHERE id = ?", nextOrder.getAndIncrement(), a);
    update(c, "DELETE FROM orders WHERE id = 2");
    update(c, "UPDATE orders SET customer = 'changed after snapshot' WHERE id = 3");
    update(c, "UPDATE orders SET note = 'huge key' WHERE id = ?", HUGE.add(BigInteger.ONE));
    update(c, "INSERT INTO order_items VALUES (4, 99, 'new', 1, 9.999)");
    update(c, "UPDATE order_items SET line = 98 WHERE order_id = 4 AND line = 99");
    update(c, "DELETE FROM order_items WHERE order_id = 5");
    update(c, "UPDATE order_items SET sku = 'x' WHERE order_id = 6 AND line = 1");
    update(c, "INSERT INTO `MixedCase` VALUES (100000, 'quoted `name`', 1.25)");
    update(c, "UPDATE `MixedCase` SET `Id` = 100001 WHERE `Id` = 100000");
    update(c, "DELETE FROM `MixedCase` WHERE `Id` = 1");
  }

  private void insertOrder(Connection c, long id, int version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insertOrder())) {
      bindOrder(ps, BigInteger.valueOf(id), version);
      ps.executeUpdate();
    }
  }

  private static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        ps.setObject(i + 1, a instanceof BigInteger b ? new BigDecimal(b) : a);
      }
      ps.executeUpdate();
    }
  }

  private static String insertOrder() {
    return "INSERT INTO orders (" + ORDER_COLUMNS + ") VALUES (" + "?, ".repeat(26) + "?)";
  }

  private static String insertItem() {
    return "INSERT INTO order_items (order_id, line, sku, qty, price) VALUES (?, ?, ?, ?, ?)";
  }

  private static String insertMixed() {
    return "INSERT INTO `MixedCase` (`Id`, `select`, `Unit Price`) VALUES (?, ?, ?)";
  }

  static void bindOrder(PreparedStatement ps, BigInteger key, int version) throws SQLException {
    long id = key.longValue() & Long.MAX_VALUE;
    long v = id % 1_000_000 * 31 + version;
    int p = 1;
    ps.setBigDecimal(p++, new BigDecimal(key));
    ps.setString(p++, "cust-" + (v % 97) + (id % 13 == 0 ? " ünïcödé 'q' \"d\" \\" : ""));
    ps.setBigDecimal(p++, id % 11 == 0 ? null : BigDecimal.valueOf(v * 137 % 10_000_000, 2));
    ps.setObject(p++, id % 17 == 0 ? null : (int) (v % 1000) - 500);
    ps.setInt(p++, (int) (v % 256) - 128);
    ps.setInt(p++, (int) (v % 256));
    ps.setLong(p++, v * 1000 % 16_777_215);
    ps.setLong(p++, 4_294_967_295L - v);
    ps.setObject(p++, id % 3 == 0 ? null : id % 5 == 0 ? 2 : (int) (v % 2));
    ps.setObject(p++, id % 5 == 0 ? null : (float) (v / 7.0));
    ps.setDouble(p++, v / 3.0);
    ps.setString(
        p++,
        id % 6 == 0
            ? null
            : java.time.LocalDateTime.of(2024, 1, 1, 0, 0)
                .plusSeconds(v * 3601)
                .plusNanos((v % 1000) * 1_000_000)
                .toString()
                .replace('T', ' '));
    ps.setString(
        p++,
        java.time.LocalDateTime.of(2023, 6, 1, 12, 0)
            .plusMinutes(v)
            .plusNanos((v * 37 % 1_000_000) * 1000)
            .toString()
            .replace('T', ' '));
    ps.setString(
        p++, id % 7 == 0 ? null : java.time.LocalDate.of(1990, 1, 1).plusDays(v).toString());
    ps.setString(
        p++,
        String.format("%02d:%02d:%02d.%06d", v % 24, v % 60, (v * 7) % 60, (v * 13) % 1_000_000));
    ps.setInt(p++, (int) (1901 + v % 254));
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
    ps.setString(p++, id % 10 == 0 ? null : new String[] {"red", "green", "blue"}[(int) (v % 3)]);
    ps.setString(p++, new String[] {"", "a", "b,c", "a,b,c"}[(int) (v % 4)]);
    ps.setString(
        p++, UUID.nameUUIDFromBytes(("o" + v).getBytes(StandardCharsets.UTF_8)).toString());
    byte[] data = new byte[(int) (v % 50)];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (v * i);
    }
    ps.setBytes(p++, id % 8 == 0 ? null : data);
    ps.setBytes(p++, new byte[] {(byte) v, 0, (byte) (v >> 8), (byte) 255});
    ps.setString(p++, id % 4 == 0 ? null : "note " + v);
    ps.setLong(p++, v % 256);
    ps.setObject(p++, id % 3 == 0 ? null : v % 2 == 0);
    ps.setString(p++, id % 16 == 0 ? null : "c" + (v % 100));
    ps.setString(
        p++,
        id % 10 == 0
            ? "0000-00-00 00:00:00"
            : id % 10 == 1 ? null : "2001-02-03 04:05:" + String.format("%02d", v % 60));
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
