package io.cdcflow.api.verification;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.pipelines.PipelineChecks.ComparedTable;
import io.cdcflow.api.pipelines.PipelineChecks.Comparison;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the verifier stands in one pipeline: the round over its tables in key order (the table and
 * the lower key bound of the next range), the ranges found different and waiting to be compared
 * again, and what the rounds cost. Read by the collector's and the API's threads, so each method
 * holds the walk.
 */
final class TableWalk {

  /** A range found different, compared again once {@code due}. */
  record Suspect(
      String table, JsonNode from, JsonNode to, DifferingKeys keys, Instant due, int n) {}

  /** A round done: when it ended, how long it took, the source rows it compared. */
  record Round(Instant endedAt, Duration took, long rows) {}

  private static final Duration RATE_WINDOW = Duration.ofSeconds(30);

  private Comparison comparison;
  private List<ComparedTable> tables = List.of();
  private int table;
  private JsonNode from;
  private Instant roundStartedAt;
  private long roundRows;
  private Round lastRound;
  private final List<Suspect> suspects = new ArrayList<>();
  private boolean findingsTurn;

  private Instant windowStart;
  private long windowSource;
  private long windowTarget;
  private double sourceRate;
  private double targetRate;

  /** The comparison of the round under way, empty between rounds. */
  synchronized Optional<Comparison> comparison() {
    return Optional.ofNullable(comparison);
  }

  synchronized boolean roundDue(Instant now, Duration every) {
    return comparison == null
        && (roundStartedAt == null || !now.isBefore(roundStartedAt.plus(every)));
  }

  /** Starts a round over the tables of {@code comparison} that are not being copied. */
  synchronized void startRound(Comparison comparison, Set<String> copying, Instant now) {
    this.comparison = comparison;
    this.tables =
        comparison.tables().stream()
            .filter(t -> !t.spec().keyColumns().isEmpty() && t.target() != null)
            .filter(t -> !copying.contains(t.plan().source().toString()))
            .toList();
    this.table = 0;
    this.from = null;
    this.roundStartedAt = now;
    this.roundRows = 0;
  }

  /** The table the next range is read from; empty when the round is over. */
  synchronized Optional<ComparedTable> table() {
    return table < tables.size() ? Optional.of(tables.get(table)) : Optional.empty();
  }

  synchronized JsonNode from() {
    return from;
  }

  /** Moves past a range read: to {@code next} in the same table, or to the next table (null). */
  synchronized void advance(JsonNode next) {
    if (next == null) {
      table++;
      from = null;
    } else {
      from = next;
    }
  }

  synchronized void endRound(Instant now) {
    lastRound = new Round(now, Duration.between(roundStartedAt, now), roundRows);
    comparison = null;
  }

  /** Drops the round under way without counting it as done. */
  synchronized void abandonRound() {
    comparison = null;
  }

  synchronized void read(int sourceRows, int targetRows, Instant now) {
    roundRows += sourceRows;
    if (windowStart == null) {
      windowStart = now;
    }
    windowSource += sourceRows;
    windowTarget += targetRows;
    Duration window = Duration.between(windowStart, now);
    if (window.compareTo(RATE_WINDOW) >= 0) {
      sourceRate = windowSource * 1000.0 / window.toMillis();
      targetRate = windowTarget * 1000.0 / window.toMillis();
      windowStart = now;
      windowSource = 0;
      windowTarget = 0;
    }
  }

  /** True every other call: open findings are compared again on alternate steps of the walk. */
  synchronized boolean findingsTurn() {
    findingsTurn = !findingsTurn;
    return findingsTurn;
  }

  synchronized void suspect(Suspect suspect) {
    suspects.add(suspect);
  }

  /** The first suspect due, taken off the list. */
  synchronized Optional<Suspect> takeDue(Instant now) {
    for (Iterator<Suspect> it = suspects.iterator(); it.hasNext(); ) {
      Suspect s = it.next();
      if (!s.due().isAfter(now)) {
        it.remove();
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  synchronized Optional<Round> lastRound() {
    return Optional.ofNullable(lastRound);
  }

  /** The round under way: its table's place among those compared, and the rows so far. */
  synchronized Optional<RoundView> current() {
    if (comparison == null) {
      return Optional.empty();
    }
    return Optional.of(
        new RoundView(
            roundStartedAt,
            table < tables.size() ? tables.get(table).plan().source().toString() : null,
            Math.min(table, tables.size()),
            tables.size(),
            roundRows));
  }

  synchronized double sourceRowsPerSecond() {
    return sourceRate;
  }

  synchronized double targetRowsPerSecond() {
    return targetRate;
  }

  synchronized int suspects() {
    return suspects.size();
  }

  /**
   * @param tablesDone tables compared in full this round, of {@code tablesTotal} with a key and a
   *     target table that are not being copied
   */
  record RoundView(
      Instant startedAt, String table, int tablesDone, int tablesTotal, long rowsCompared) {}
}
