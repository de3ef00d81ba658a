package io.cdcflow.jobs.sink;

import io.cdcflow.catalog.dialect.WriteStatements;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.ColumnChange;
import io.cdcflow.jobs.spec.ColumnSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of one target table waiting to be written, one per key: a later change of a key replaces
 * the earlier one, except that a change lacking TOAST values is merged onto the full row buffered
 * before it. Written as a batch of deletes, then batches of upserts grouped by the columns they
 * carry: a full row is an upsert of every column, a row with a column the source dropped an upsert
 * of the others, a row with unavailable TOAST values an UPDATE of the available ones. On PostgreSQL
 * targets the full rows of a flush go through {@link CopyUpserts}: COPY straight into the table
 * when they are snapshot reads (at least {@link #MIN_COPY_ROWS}), else COPY into a staging table
 * and one merge (at least {@link #MIN_STAGED_ROWS}).
 */
final class TableBuffer {

  private static final Logger LOG = LoggerFactory.getLogger(TableBuffer.class);

  /**
   * From this many full rows, all snapshot reads, COPY straight into the table beats a batch of
   * upserts (measured: about twice as fast from 32 rows on).
   */
  static final int MIN_COPY_ROWS = 32;

  /**
   * From this many full rows of other changes, COPY into the staging table and one merge beat a
   * batch of upserts (measured: slower at 128 and 512 rows, 10% faster at 2,000 and 5,000).
   */
  static final int MIN_STAGED_ROWS = 1000;

  private final TableId target;
  private final List<String> columns;
  private final List<String> origins;
  private final BitSet dropped = new BitSet();
  private int followed;
  private final int specColumns;
  private final List<String> keyColumns;
  private final int[] keyIndexes;
  private final Map<RowKey, Pending> pending = new LinkedHashMap<>();
  private final Map<BitSet, String> upsertSql = new HashMap<>();
  private final Map<BitSet, String> updateSql = new HashMap<>();
  private String deleteSql;
  private final WriteStatements statements;
  private final CopyUpserts bulk;
  private long maxSourceTimestamp;

  /**
   * @param bulk how full rows are loaded in bulk; null: as batches of upserts
   */
  TableBuffer(TableSpec spec, WriteStatements statements, CopyUpserts bulk) {
    this.target = spec.targetTable();
    this.columns = new ArrayList<>(spec.columns().stream().map(ColumnSpec::name).toList());
    this.origins = new ArrayList<>(columns);
    this.specColumns = columns.size();
    this.keyColumns = new ArrayList<>(spec.keyColumns());
    this.keyIndexes = spec.keyIndexes();
    this.statements = statements;
    this.bulk = bulk;
    this.deleteSql = statements.delete(target, keyColumns);
  }

  TableId target() {
    return target;
  }

  List<String> columns() {
    return columns;
  }

  /** The buffer index of the column of this origin (see {@link ColumnChange}), or -1. */
  int indexOf(String origin) {
    return origins.indexOf(origin);
  }

  /**
   * How many of the table's column changes (see {@link ChangeEvent#columnChanges()}, a list that
   * only grows) the target table follows already, or by policy never will.
   */
  int followed() {
    return followed;
  }

  /** The next change is followed. */
  void follow() {
    followed++;
  }

  /** Adds a column added at the source (after the target table has it). */
  void addColumn(String origin, String name) {
    origins.add(origin);
    columns.add(name);
  }

  /** Renames a column (after the target table's was renamed); only with nothing buffered. */
  void renameColumn(int index, String name) {
    int key = keyColumns.indexOf(columns.get(index));
    columns.set(index, name);
    if (key >= 0) {
      keyColumns.set(key, name);
      deleteSql = statements.delete(target, keyColumns);
    }
    upsertSql.clear();
    updateSql.clear();
  }

  boolean hasDropped() {
    return !dropped.isEmpty();
  }

  /** No longer writes a column (the target's is gone, or never came). */
  void dropColumn(int index) {
    dropped.set(index);
  }

  /**
   * The event's values in this buffer's column order: the spec's columns, then the added ones found
   * by their origin; a column not in the event or dropped here is {@link ChangeEvent#ABSENT}.
   */
  Object[] align(ChangeEvent event) {
    Object[] given = event.values();
    if (event.columnChanges().isEmpty() && dropped.isEmpty() && given.length == columns.size()) {
      return given;
    }
    Object[] values = new Object[columns.size()];
    Arrays.fill(values, ChangeEvent.ABSENT);
    System.arraycopy(given, 0, values, 0, Math.min(specColumns, given.length));
    int next = specColumns;
    for (ColumnChange c : event.columnChanges()) {
      if (c.kind() == ColumnChange.Kind.ADD) {
        int index = origins.indexOf(c.origin());
        if (index >= 0 && next < given.length) {
          values[index] = given[next];
        }
        next++;
      }
    }
    for (int i = dropped.nextSetBit(0); i >= 0; i = dropped.nextSetBit(i + 1)) {
      values[i] = ChangeEvent.ABSENT;
    }
    return values;
  }

  int size() {
    return pending.size();
  }

  long maxSourceTimestamp() {
    return maxSourceTimestamp;
  }

  /** Buffers a change; {@code values} follows {@link #columns()}. */
  void add(ChangeEvent.Op op, Object[] values, long sourceTimestamp) {
    add(op, values, sourceTimestamp, null);
  }

  /**
   * Buffers a change whose values may also be given as a line of COPY text ({@link
   * ChangeEvent#copyText()}, null when not), holding every one of {@link #columns()}.
   */
  void add(ChangeEvent.Op op, Object[] values, long sourceTimestamp, byte[] copyText) {
    maxSourceTimestamp = Math.max(maxSourceTimestamp, sourceTimestamp);
    RowKey key = new RowKey(values, keyIndexes);
    if (op == ChangeEvent.Op.UPSERT && hasUnavailable(values)) {
      Pending previous = pending.get(key);
      if (previous != null && previous.op == ChangeEvent.Op.UPSERT) {
        Object[] merged = previous.values.clone();
        for (int i = 0; i < values.length; i++) {
          if (values[i] != ChangeEvent.UNAVAILABLE) {
            merged[i] = values[i];
          }
        }
        pending.put(key, pendingOf(op, merged, sourceTimestamp, null));
        return;
      }
    }
    pending.put(key, pendingOf(op, values, sourceTimestamp, copyText));
  }

  /** Writes every buffered row on the session's connection; returns the rows written. */
  int write(TargetSession session) throws SQLException {
    if (pending.isEmpty()) {
      return 0;
    }
    PreparedStatement delete = null;
    Map<String, PreparedStatement> batches = new LinkedHashMap<>();
    Map<String, Boolean> isUpdate = new HashMap<>();
    List<Pending> fullRows = bulk != null ? fullRows() : List.of();
    boolean snapshotReads = onlySnapshotReads();
    boolean copying = fullRows.size() >= (snapshotReads ? MIN_COPY_ROWS : MIN_STAGED_ROWS);
    for (Pending row : pending.values()) {
      if (row.op == ChangeEvent.Op.DELETE) {
        if (delete == null) {
          delete = session.prepare(deleteSql);
        }
        bindKey(delete, row.values, 1);
        delete.addBatch();
        continue;
      }
      if (copying && row.full) {
        continue;
      }
      BitSet present = new BitSet(columns.size());
      boolean unavailable = false;
      for (int i = 0; i < columns.size(); i++) {
        Object v = i < row.values.length ? row.values[i] : ChangeEvent.ABSENT;
        if (v == ChangeEvent.UNAVAILABLE) {
          unavailable = true;
        } else if (v != ChangeEvent.ABSENT) {
          present.set(i);
        }
      }
      if (unavailable && onlyKeys(present)) {
        continue; // nothing but unchanged TOAST values: nothing to write
      }
      String sql = unavailable ? updateSql(present) : upsertSql(present);
      PreparedStatement ps = batches.get(sql);
      if (ps == null) {
        ps = session.prepare(sql);
        batches.put(sql, ps);
        isUpdate.put(sql, unavailable);
      }
      int p = 1;
      for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
        if (unavailable && isKey(i)) {
          continue;
        }
        bind(ps, p++, row.values[i]);
      }
      if (unavailable) {
        bindKey(ps, row.values, p);
      }
      ps.addBatch();
    }
    if (delete != null) {
      delete.executeBatch();
    }
    if (copying) {
      bulk.upsert(session, columns, keyColumns, fullRows, snapshotReads);
    }
    for (Map.Entry<String, PreparedStatement> batch : batches.entrySet()) {
      int[] counts = batch.getValue().executeBatch();
      if (isUpdate.get(batch.getKey())) {
        long missing = Arrays.stream(counts).filter(c -> c == 0).count();
        if (missing > 0) {
          LOG.warn(
              "{} partial updates of {} (unchanged TOAST values) found no row to update",
              missing,
              target);
        }
      }
    }
    return pending.size();
  }

  /** True when every buffered full row is a snapshot read (no source commit time). */
  private boolean onlySnapshotReads() {
    for (Pending row : pending.values()) {
      if (row.full && !row.snapshotRead) {
        return false;
      }
    }
    return true;
  }

  /** The buffered upserts with a value (not a marker) for every column. */
  private List<Pending> fullRows() {
    List<Pending> rows = new ArrayList<>(pending.size());
    for (Pending row : pending.values()) {
      if (row.full) {
        rows.add(row);
      }
    }
    return rows;
  }

  void clear() {
    pending.clear();
    maxSourceTimestamp = 0;
  }

  private String upsertSql(BitSet present) {
    return upsertSql.computeIfAbsent(
        (BitSet) present.clone(), p -> statements.upsert(target, names(p, false), keyColumns));
  }

  private String updateSql(BitSet present) {
    return updateSql.computeIfAbsent(
        (BitSet) present.clone(), p -> statements.update(target, names(p, true), keyColumns));
  }

  private List<String> names(BitSet present, boolean withoutKeys) {
    List<String> names = new ArrayList<>();
    for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
      if (!(withoutKeys && isKey(i))) {
        names.add(columns.get(i));
      }
    }
    return names;
  }

  private boolean onlyKeys(BitSet present) {
    for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
      if (!isKey(i)) {
        return false;
      }
    }
    return true;
  }

  private boolean isKey(int index) {
    for (int k : keyIndexes) {
      if (k == index) {
        return true;
      }
    }
    return false;
  }

  private void bindKey(PreparedStatement ps, Object[] values, int first) throws SQLException {
    for (int i = 0; i < keyIndexes.length; i++) {
      bind(ps, first + i, values[keyIndexes[i]]);
    }
  }

  private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.NULL);
    } else {
      ps.setObject(index, value);
    }
  }

  private static boolean hasUnavailable(Object[] values) {
    for (Object v : values) {
      if (v == ChangeEvent.UNAVAILABLE) {
        return true;
      }
    }
    return false;
  }

  /**
   * One buffered change; {@code full}: an upsert with a value for every column; {@code
   * snapshotRead}: read by the snapshot (no commit time at the source), so most likely a new key;
   * {@code copyText}: the values as a line of COPY text, or null.
   */
  record Pending(
      ChangeEvent.Op op, Object[] values, boolean full, boolean snapshotRead, byte[] copyText) {}

  private Pending pendingOf(
      ChangeEvent.Op op, Object[] values, long sourceTimestamp, byte[] copyText) {
    boolean full = op == ChangeEvent.Op.UPSERT && values.length == columns.size();
    for (int i = 0; full && i < values.length; i++) {
      full = values[i] != ChangeEvent.UNAVAILABLE && values[i] != ChangeEvent.ABSENT;
    }
    return new Pending(op, values, full, sourceTimestamp == 0, full ? copyText : null);
  }
}
