package io.cdcflow.jobs.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A background thread making random changes on a fixture's source until stopped. */
public final class ChangeWorkload implements AutoCloseable {

  private final SourceFixture fixture;
  private final Thread thread;
  private final AtomicInteger changes = new AtomicInteger();
  private final AtomicReference<Throwable> error = new AtomicReference<>();
  private volatile boolean running = true;

  public ChangeWorkload(SourceFixture fixture, long seed, long pauseMillis) {
    this.fixture = fixture;
    this.thread =
        new Thread(
            () -> {
              Random random = new Random(seed);
              try (Connection c = fixture.server().connect(fixture.database())) {
                while (running) {
                  fixture.randomChange(c, random);
                  changes.incrementAndGet();
                  if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (SQLException | RuntimeException e) {
                error.set(e);
              }
            },
            "test-change-workload");
    thread.setDaemon(true);
  }

  public ChangeWorkload start() {
    thread.start();
    return this;
  }

  public int changes() {
    return changes.get();
  }

  /** Waits until at least {@code n} changes were made. */
  public void awaitChanges(int n, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (changes.get() < n && System.currentTimeMillis() < deadline) {
      checkError();
      Thread.sleep(20);
    }
    checkError();
  }

  /** Stops the thread and fails when it failed. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(30_000);
    checkError();
  }

  private void checkError() {
    if (error.get() != null) {
      throw new IllegalStateException("the change workload failed: " + error.get(), error.get());
    }
  }
}
