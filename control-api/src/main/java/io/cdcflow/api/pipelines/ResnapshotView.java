package io.cdcflow.api.pipelines;

import io.cdcflow.jobs.resnapshot.ResnapshotProgress;
import java.time.Instant;
import java.util.Locale;

/**
 * One table copied inside a running job while the others stream: asked for again, or added.
 *
 * @param origin requested (through the API), or added (a table added to the streaming pipeline)
 * @param state queued, copying, removing_absent, done or failed
 * @param rowsRemoved target rows removed because the source no longer has their key
 * @param message why it failed, or what it left out (a key not compared between the databases)
 * @param keysFrom the first key column's value it starts at (a repair of a finding's range); null
 *     from the first row
 * @param keysTo the value it ends at, included; null to the last row
 */
public record ResnapshotView(
    String table,
    String origin,
    String state,
    int rangesDone,
    int rangesTotal,
    long rowsCopied,
    long rowsRemoved,
    Instant requestedAt,
    Instant finishedAt,
    String message,
    String keysFrom,
    String keysTo) {

  static ResnapshotView of(ResnapshotProgress p) {
    return new ResnapshotView(
        p.table(),
        p.origin().name().toLowerCase(Locale.ROOT),
        p.phase().name().toLowerCase(Locale.ROOT),
        p.rangesDone(),
        p.rangesTotal(),
        p.rowsCopied(),
        p.rowsRemoved(),
        Instant.ofEpochMilli(p.requestedAtMs()),
        p.finishedAtMs() == 0 ? null : Instant.ofEpochMilli(p.finishedAtMs()),
        p.message(),
        p.bounds().from(),
        p.bounds().to());
  }
}
