package io.cdcflow.api.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the demo source busy: new orders, status changes, deletes, a few per second. */
final class ChangeGenerator implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeGenerator.class);

  private final DataSource source;
  private final AtomicLong changes = new AtomicLong();
  private volatile boolean running = true;

  ChangeGenerator(DataSource source) {
    this.source = source;
  }

  long changes() {
    return changes.get();
  }

  void stop() {
    running = false;
  }

  @Override
  public void run() {
    long nextOrder = 100_001;
    try (Connection c = source.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO shop.orders (id, customer_id, status, total, ordered_at) VALUES (?, ?, 'new', ?, now())");
        PreparedStatement line =
            c.prepareStatement("INSERT INTO shop.order_lines VALUES (?, 1, ?, ?)");
        PreparedStatement ship =
            c.prepareStatement(
                "UPDATE shop.orders SET status = 'shipped', shipped_at = now() WHERE id = ?");
        PreparedStatement delete =
            c.prepareStatement("DELETE FROM shop.order_lines WHERE order_id = ? AND line_no = 2")) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (running) {
        c.setAutoCommit(false);
        insert.setLong(1, nextOrder);
        insert.setLong(2, 1 + random.nextInt(50_000));
        insert.setBigDecimal(3, java.math.BigDecimal.valueOf(random.nextInt(100_000), 2));
        insert.executeUpdate();
        line.setLong(1, nextOrder);
        line.setInt(2, 1 + random.nextInt(5000));
        line.setInt(3, 1 + random.nextInt(4));
        line.executeUpdate();
        ship.setLong(1, 1 + random.nextLong(nextOrder));
        ship.executeUpdate();
        delete.setLong(1, 1 + random.nextLong(100_000));
        delete.executeUpdate();
        c.commit();
        nextOrder++;
        changes.addAndGet(4);
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      if (running) {
        LOG.warn("Demo change generator stopped: {}", e.getMessage());
      }
    }
  }
}
