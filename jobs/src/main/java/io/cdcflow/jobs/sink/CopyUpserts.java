package io.cdcflow.jobs.sink;

import io.cdcflow.catalog.dialect.postgres.PostgresWriteStatements;
import io.cdcflow.catalog.discovery.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import org.postgresql.copy.CopyIn;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole-row upserts of one PostgreSQL table in bulk, in the flush's transaction. Rows that are
 * likely new (snapshot reads) are first {@code COPY}ed straight into the table under a savepoint:
 * when every key is new that is the whole upsert, at the speed of COPY. A key that exists already
 * (a chunk read again after a restore, a target that had the rows) makes the COPY fail with a
 * unique violation; it is rolled back to the savepoint and the rows take the general path, which
 * also takes every other batch: {@code COPY} (text format) into a temporary staging table of the
 * session, emptied at every commit, then one {@code INSERT ... SELECT ... ON CONFLICT (key) DO
 * UPDATE}. After a conflict the straight COPY is not tried again for {@link #DIRECT_PAUSE} flushes.
 *
 * <p>The rows must have distinct keys (the table's buffer keeps one change per key) and a value for
 * every column.
 */
final class CopyUpserts {

  private static final Logger LOG = LoggerFactory.getLogger(CopyUpserts.class);
  private static final PostgresWriteStatements SQL = PostgresWriteStatements.INSTANCE;
  private static final String UNIQUE_VIOLATION = "23505";

  /** Flushes of the general path after a straight COPY met an existing key. */
  static final int DIRECT_PAUSE = 64;

  private final TableId target;
  private final String stagePrefix;
  private List<String> stagedColumns;
  private List<String> stagedKeys;
  private int stages;
  private String create;
  private String copyToStage;
  private String copyToTarget;
  private String merge;
  private int directPausedFor;

  /**
   * @param stageId distinguishes this table's staging table from the other tables' of the session
   */
  CopyUpserts(TableId target, int stageId) {
    this.target = target;
    this.stagePrefix = "cdcflow_stage_" + stageId + "_";
  }

  /**
   * Upserts the rows, each holding a value for every one of {@code columns}.
   *
   * @param likelyNew whether the rows are snapshot reads, whose keys the target rarely has
   */
  void upsert(
      TargetSession session,
      List<String> columns,
      List<String> keyColumns,
      List<TableBuffer.Pending> rows,
      boolean likelyNew)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    if (!columns.equals(stagedColumns) || !keyColumns.equals(stagedKeys)) {
      // a column added or renamed at the source: a staging table of its own (the old one is left
      // unused)
      stagedColumns = List.copyOf(columns);
      stagedKeys = List.copyOf(keyColumns);
      String stage = stagePrefix + ++stages;
      create = SQL.createStage(stage, target, columns);
      copyToStage = SQL.copyIntoStage(stage, columns);
      copyToTarget = SQL.copyInto(target, columns);
      merge = SQL.upsertFromStage(target, stage, columns, keyColumns);
    }
    Connection c = session.connection();
    BaseConnection pg = c.unwrap(BaseConnection.class);
    byte[] data = copyText(pg, rows);
    if (likelyNew && directPausedFor == 0 && copyStraightIn(c, pg, data)) {
      return;
    }
    if (directPausedFor > 0) {
      directPausedFor--;
    }
    try (Statement s = c.createStatement()) {
      // a no-op after the first flush on this connection; a new connection (after a retry) or a
      // rolled-back first flush gets its table back
      s.execute(create);
    }
    copy(pg, copyToStage, data);
    try (Statement s = c.createStatement()) {
      s.executeUpdate(merge);
    }
  }

  /** True when the rows are in; false (and nothing written) when a key existed already. */
  private boolean copyStraightIn(Connection c, BaseConnection pg, byte[] data) throws SQLException {
    Savepoint savepoint = c.setSavepoint();
    try {
      copy(pg, copyToTarget, data);
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(savepoint);
      directPausedFor = DIRECT_PAUSE;
      LOG.debug("{} has some of the keys already: merging, no straight COPY for a while", target);
      return false;
    }
    c.releaseSavepoint(savepoint);
    return true;
  }

  private byte[] copyText(BaseConnection pg, List<TableBuffer.Pending> rows) {
    PostgresCopyText text = new PostgresCopyText(pg.getTimestampUtils());
    for (TableBuffer.Pending row : rows) {
      if (row.copyText() != null) {
        text.line(row.copyText());
      } else {
        text.row(row.values(), stagedColumns.size());
      }
    }
    return text.take();
  }

  private static void copy(BaseConnection pg, String sql, byte[] data) throws SQLException {
    CopyIn in = pg.getCopyAPI().copyIn(sql);
    try {
      in.writeToCopy(data, 0, data.length);
      in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }
}
