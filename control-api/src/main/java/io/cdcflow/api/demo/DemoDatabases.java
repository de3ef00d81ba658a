package io.cdcflow.api.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's source and target: two embedded PostgreSQL servers (the source with logical decoding)
 * with their data under the data directory, so the demo needs nothing installed.
 */
final class DemoDatabases implements AutoCloseable {

  final EmbeddedPostgres source;
  final EmbeddedPostgres target;

  private DemoDatabases(EmbeddedPostgres source, EmbeddedPostgres target) {
    this.source = source;
    this.target = target;
  }

  static DemoDatabases start(Path dataDir) throws IOException {
    EmbeddedPostgres source =
        EmbeddedPostgres.builder()
            .setDataDirectory(Files.createDirectories(dataDir.resolve("demo-source-pg")))
            .setCleanDataDirectory(true)
            .setPort(freePort())
            .setServerConfig("wal_level", "logical")
            .setServerConfig("max_replication_slots", "10")
            .setServerConfig("max_wal_senders", "10")
            .start();
    EmbeddedPostgres target =
        EmbeddedPostgres.builder()
            .setDataDirectory(Files.createDirectories(dataDir.resolve("demo-target-pg")))
            .setCleanDataDirectory(true)
            .setPort(freePort())
            .start();
    return new DemoDatabases(source, target);
  }

  /** A shop: customers, products, orders and their lines, a few hundred thousand rows in all. */
  void loadSampleData() throws SQLException {
    try (Connection c = source.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA shop");
      st.execute(
          "CREATE TABLE shop.customers (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL UNIQUE,"
              + " country char(2), created_at timestamptz NOT NULL DEFAULT now())");
      st.execute(
          "CREATE TABLE shop.products (id int PRIMARY KEY, sku text NOT NULL UNIQUE, title text NOT NULL,"
              + " price numeric(10,2) NOT NULL, tags text[])");
      st.execute(
          "CREATE TABLE shop.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES shop.customers,"
              + " status text NOT NULL, total numeric(12,2) NOT NULL, ordered_at timestamptz NOT NULL, shipped_at timestamptz)");
      st.execute(
          "CREATE TABLE shop.order_lines (order_id bigint REFERENCES shop.orders, line_no int, product_id int"
              + " REFERENCES shop.products, quantity int NOT NULL, PRIMARY KEY (order_id, line_no))");
      st.execute(
          "INSERT INTO shop.customers SELECT g, 'Customer ' || g, 'customer' || g || '@example.com',"
              + " (ARRAY['DE','FR','US','JP','BR'])[1 + g % 5], now() - g * interval '1 minute'"
              + " FROM generate_series(1, 50000) g");
      st.execute(
          "INSERT INTO shop.products SELECT g, 'SKU-' || g, 'Product ' || g, round((1 + random() * 500)::numeric, 2),"
              + " ARRAY['demo', 'tag' || (g % 7)] FROM generate_series(1, 5000) g");
      st.execute(
          "INSERT INTO shop.orders SELECT g, 1 + g % 50000, (ARRAY['new','paid','shipped'])[1 + g % 3],"
              + " round((10 + random() * 990)::numeric, 2), now() - g * interval '10 seconds',"
              + " CASE WHEN g % 3 = 2 THEN now() END FROM generate_series(1, 100000) g");
      st.execute(
          "INSERT INTO shop.order_lines SELECT o, l, 1 + (o * l) % 5000, 1 + (o + l) % 4"
              + " FROM generate_series(1, 100000) o, generate_series(1, 2) l");
      st.execute("ANALYZE");
    }
  }

  String sourceUrlInfo() {
    return "localhost:" + source.getPort();
  }

  @Override
  public void close() throws IOException {
    source.close();
    target.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
