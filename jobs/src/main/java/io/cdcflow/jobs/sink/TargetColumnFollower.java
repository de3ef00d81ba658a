package io.cdcflow.jobs.sink;

import io.cdcflow.catalog.dialect.ColumnDefinition;
import io.cdcflow.catalog.dialect.TargetTables;
import io.cdcflow.jobs.event.ColumnChange;
import io.cdcflow.jobs.event.TypeWidening;
import java.io.IOException;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a target table follow a {@link ColumnChange} of its source table: ADD, RENAME, RETYPE or
 * DROP of the column there, then of the {@link TableBuffer}. Every writer of the table does this on
 * its own when it first meets the change; each step looks at the target first or tolerates the
 * race, so the second writer (or a restarted job) finds it done.
 */
final class TargetColumnFollower {

  private static final Logger LOG = LoggerFactory.getLogger(TargetColumnFollower.class);

  private final TargetSession session;
  private final TargetTables tables;
  private final boolean tolerateRefusal;

  /**
   * @param tolerateRefusal whether a change the target refuses is logged and left (try_evolve)
   *     instead of failing the job
   */
  TargetColumnFollower(TargetSession session, TargetTables tables, boolean tolerateRefusal) {
    this.session = session;
    this.tables = tables;
    this.tolerateRefusal = tolerateRefusal;
  }

  /** Applies the change; the buffer must hold nothing (its rows have the columns as they were). */
  void follow(TableBuffer buffer, ColumnChange change) throws IOException {
    int index = buffer.indexOf(change.origin());
    if (index < 0 && change.kind() != ColumnChange.Kind.ADD) {
      buffer.follow(); // a column this writer never had (its add was refused)
      return;
    }
    String current = index < 0 ? null : buffer.columns().get(index);
    String what = describe(change, current) + " of " + buffer.target();
    try {
      session.inTransaction(
          what,
          s -> {
            switch (change.kind()) {
              case ADD ->
                  tables.addColumn(
                      s.connection(),
                      buffer.target(),
                      new ColumnDefinition(
                          change.name(), change.targetType(), true, change.defaultLiteral()));
              case RENAME ->
                  tables.renameColumn(s.connection(), buffer.target(), current, change.name());
              case RETYPE -> {
                // each writer, and a job restarted before its checkpoint, meets the change: a
                // MySQL ALTER rebuilds the table each time
                boolean done =
                    tables
                        .columnType(s.connection(), buffer.target(), current)
                        .map(
                            t ->
                                TypeWidening.of(t, change.targetType()) == TypeWidening.Change.SAME)
                        .orElse(false);
                if (!done) {
                  tables.alterColumnType(
                      s.connection(),
                      buffer.target(),
                      new ColumnDefinition(current, change.targetType(), change.nullable(), null));
                }
              }
              case DROP -> tables.dropColumn(s.connection(), buffer.target(), current);
              case KEEP ->
                  tables.dropNotNull(
                      s.connection(),
                      buffer.target(),
                      new ColumnDefinition(current, change.targetType(), true, null));
            }
            return null;
          });
    } catch (SQLException e) {
      if (!tolerateRefusal) {
        throw new IOException(what + " failed: " + TargetSession.describe(e), e);
      }
      LOG.warn(
          "{} failed, and is left (schema_changes: try_evolve): {}",
          what,
          TargetSession.describe(e));
      if (change.kind() == ColumnChange.Kind.ADD) {
        buffer.addColumn(change.origin(), change.name());
        buffer.dropColumn(buffer.indexOf(change.origin()));
      }
      buffer.follow();
      return;
    }
    switch (change.kind()) {
      case ADD -> buffer.addColumn(change.origin(), change.name());
      case RENAME -> buffer.renameColumn(index, change.name());
      case DROP -> buffer.dropColumn(index);
      case RETYPE, KEEP -> {
        // the values come converted for the new type already; a kept column is ABSENT in them
      }
    }
    buffer.follow();
    LOG.info("target table {}: {}", buffer.target(), describe(change, current));
  }

  private static String describe(ColumnChange change, String current) {
    return switch (change.kind()) {
      case ADD ->
          "added column "
              + change.name()
              + " "
              + change.targetType()
              + (change.defaultLiteral() == null ? "" : " DEFAULT " + change.defaultLiteral());
      case RENAME -> "renamed column " + current + " to " + change.name();
      case RETYPE -> "altered column " + current + " to " + change.targetType();
      case DROP -> "dropped column " + current;
      case KEEP -> "kept column " + current + ", which now takes NULL";
    };
  }
}
