package io.cdcflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.testing.TestDatabaseServer;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling assertions for things that converge: pipeline states, target tables. */
public final class Eventually {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private Eventually() {}

  /** Waits until {@code actual} answers {@code expected}; fails with the last answer. */
  public static <T> void equals(T expected, Supplier<T> actual) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = actual.get();
      if (expected.equals(last)) {
        return;
      }
      pause();
    }
    assertThat(last).isEqualTo(expected);
  }

  /** Waits until {@code condition} holds; fails naming it with the last value seen. */
  public static <T> T satisfies(String what, Supplier<T> actual, Predicate<T> condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = actual.get();
      if (condition.test(last)) {
        return last;
      }
      pause();
    }
    throw new AssertionError("never " + what + "; last seen: " + last);
  }

  /**
   * Waits until a PostgreSQL table (keyed by {@code id}) has the same rows in both databases: every
   * column of every row, compared through an md5 of the rows as text.
   */
  public static void sameRows(
      TestDatabaseServer pg, String sourceDb, String targetDb, String table, String where) {
    sameRows(pg, sourceDb, pg, targetDb, table, where);
  }

  /** As above, with source and target on different servers. */
  public static void sameRows(
      TestDatabaseServer sourceServer,
      String sourceDb,
      TestDatabaseServer targetServer,
      String targetDb,
      String table,
      String where) {
    String sql =
        "SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY id)), '') FROM "
            + table
            + " t"
            + where;
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String source = null;
    String target = null;
    while (System.nanoTime() < deadline) {
      source = sourceServer.queryString(sourceDb, sql);
      target = targetServer.queryString(targetDb, sql);
      if (source.equals(target)) {
        return;
      }
      pause();
    }
    assertThat(target).as("rows of " + table + " in the target").isEqualTo(source);
  }

  private static void pause() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
