package io.cdcflow.api;

import io.cdcflow.testing.TestDatabaseServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady stream of inserts, updates and deletes against a source table {@code (id int primary
 * key, note text, qty int)}, on its own thread, for fault tests. It rides out outages of the source
 * itself (a failed statement is retried on a new connection), and never writes a negative {@code
 * qty}, so a target-side check on it fails only on rows a test injects.
 */
public final class SourceLoad implements AutoCloseable {

  private final TestDatabaseServer server;
  private final String database;
  private final String table;
  private final AtomicInteger nextId;
  private final int opsPerSecond;
  private final Random random = new Random(42);
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private final Object pauseLock = new Object();
  private boolean paused;

  private SourceLoad(
      TestDatabaseServer server, String database, String table, int firstNewId, int opsPerSecond) {
    this.server = server;
    this.database = database;
    this.table = table;
    this.nextId = new AtomicInteger(firstNewId);
    this.opsPerSecond = opsPerSecond;
    this.thread = new Thread(this::run, "source-load-" + table);
    this.thread.setDaemon(true);
  }

  /** Starts changing {@code table}; new rows get ids from {@code firstNewId} up. */
  public static SourceLoad start(
      TestDatabaseServer server, String database, String table, int firstNewId, int opsPerSecond) {
    SourceLoad load = new SourceLoad(server, database, table, firstNewId, opsPerSecond);
    load.thread.start();
    return load;
  }

  public long applied() {
    return applied.get();
  }

  /**
   * Holds the stream (after the statement in flight) so a test can compare source and target at
   * rest; {@link #resume()} lets it go on.
   */
  public void pause() {
    synchronized (pauseLock) {
      paused = true;
    }
  }

  public void resume() {
    synchronized (pauseLock) {
      paused = false;
      pauseLock.notifyAll();
    }
  }

  /** Stops the stream and waits for its last statement. */
  @Override
  public void close() {
    running = false;
    resume();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    long pauseMillis = Math.max(1, 1000 / opsPerSecond);
    Connection connection = null;
    while (running) {
      try {
        if (connection == null) {
          connection = server.connect(database);
          connection.setAutoCommit(true);
        }
        synchronized (pauseLock) {
          while (paused && running) {
            pauseLock.wait(100);
          }
          applyOne(connection);
        }
        applied.incrementAndGet();
        Thread.sleep(pauseMillis);
      } catch (SQLException e) {
        failed.incrementAndGet();
        close(connection);
        connection = null;
        sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    close(connection);
  }

  private void applyOne(Connection c) throws SQLException {
    int roll = random.nextInt(10);
    int existing = 1 + random.nextInt(Math.max(1, nextId.get() - 1));
    if (roll < 5) {
      int id = nextId.getAndIncrement();
      try (PreparedStatement st =
          c.prepareStatement("INSERT INTO " + table + " (id, note, qty) VALUES (?, ?, ?)")) {
        st.setInt(1, id);
        st.setString(2, "load " + id);
        st.setInt(3, random.nextInt(1000));
        st.executeUpdate();
      }
    } else if (roll < 8) {
      try (PreparedStatement st =
          c.prepareStatement(
              "UPDATE " + table + " SET qty = ?, note = note || '+' WHERE id = ? AND qty >= 0")) {
        st.setInt(1, random.nextInt(1000));
        st.setInt(2, existing);
        st.executeUpdate();
      }
    } else {
      try (PreparedStatement st =
          c.prepareStatement("DELETE FROM " + table + " WHERE id = ? AND qty >= 0")) {
        st.setInt(1, existing);
        st.executeUpdate();
      }
    }
  }

  private static void close(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // gone with the server
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
