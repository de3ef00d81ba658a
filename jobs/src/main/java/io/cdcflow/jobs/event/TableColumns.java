package io.cdcflow.jobs.event;

import io.cdcflow.catalog.pipeline.SchemaChangePolicy;
import io.cdcflow.jobs.spec.ColumnSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Field;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One copied table's columns as the source has them now, kept in step with each new schema of its
 * records under the pipeline's {@link SchemaChangePolicy}: which record field each event value
 * comes from, the target type it is converted to, and the {@link ColumnChange}s the target follows.
 * Event values are the spec's columns in order, then the added ones: a column keeps its place
 * whatever happens to it.
 */
final class TableColumns {

  private static final Logger LOG = LoggerFactory.getLogger(TableColumns.class);

  /**
   * What the source says of columns gone from a table's records and new in them. A column is only
   * renamed or dropped on the source's word: records of the log older than the spec lack columns
   * added since, or have them under their old names.
   */
  interface SourceEvidence {
    Evidence of(TableSpec table, List<String> gone, List<String> appeared);
  }

  /**
   * @param renamed gone column's name → its new name, among the appeared ones
   * @param dropped the gone columns the source no longer has
   */
  record Evidence(Map<String, String> renamed, Set<String> dropped) {
    static final Evidence NONE = new Evidence(Map.of(), Set.of());
  }

  /** How a source column's record schema maps to the target. */
  interface Typing {
    /** The target type of a column with this record schema (mapped as a key is when one). */
    String targetType(String column, Schema schema, boolean key);

    /** An added column's source default as an SQL literal for the target; null when none. */
    String defaultLiteral(Field field, String targetType);
  }

  /** One column of the events. */
  static final class Column {
    final String origin;
    final boolean key;
    final boolean nullable;

    /** The spec's source declaration; null for a column added while the job ran. */
    final String sourceType;

    String sourceName;
    String targetType;
    boolean gone;
    Schema seen;

    Column(String origin, boolean key, boolean nullable, String sourceType, String targetType) {
      this.origin = origin;
      this.key = key;
      this.nullable = nullable;
      this.sourceType = sourceType;
      this.sourceName = origin;
      this.targetType = targetType;
    }
  }

  private final TableSpec spec;
  private final SchemaChangePolicy policy;
  private final SourceEvidence evidence;
  private final Set<String> absentLogged = new HashSet<>();
  private final Typing typing;
  private final List<Column> columns = new ArrayList<>();
  private final List<ColumnChange> changes = new ArrayList<>();
  private final Set<String> ignored = new HashSet<>();

  TableColumns(TableSpec spec, SchemaChangePolicy policy, SourceEvidence evidence, Typing typing) {
    this.spec = spec;
    this.policy = policy;
    this.evidence = evidence;
    this.typing = typing;
    for (ColumnSpec c : spec.columns()) {
      columns.add(
          new Column(
              c.name(),
              spec.keyColumns().contains(c.name()),
              c.nullable(),
              c.sourceType(),
              c.targetType()));
    }
  }

  List<Column> columns() {
    return columns;
  }

  /** Every change since the spec, in order; a new list whenever one is added. */
  List<ColumnChange> changes() {
    return List.copyOf(changes);
  }

  /** Brings the columns in step with a new schema of the table's records. */
  void follow(Schema schema) {
    Map<String, Column> present = new LinkedHashMap<>();
    List<String> gone = new ArrayList<>();
    for (Column c : columns) {
      if (!c.gone) {
        if (schema.field(c.sourceName) == null) {
          gone.add(c.sourceName);
        } else {
          present.put(c.sourceName, c);
        }
      }
    }
    List<String> appeared = new ArrayList<>();
    for (Field f : schema.fields()) {
      if (!present.containsKey(f.name()) && !ignored.contains(f.name())) {
        appeared.add(f.name());
      }
    }
    Evidence said =
        gone.isEmpty() && appeared.isEmpty() ? Evidence.NONE : evidence.of(spec, gone, appeared);
    renamed(said.renamed(), gone, appeared);
    for (String name : gone) {
      if (said.dropped().contains(name)) {
        dropped(byName(name));
      } else {
        absent(byName(name));
      }
    }
    for (String name : appeared) {
      added(schema.field(name));
    }
    for (Column c : columns) {
      Field f = c.gone ? null : schema.field(c.sourceName);
      if (f != null) {
        retyped(c, f.schema());
      }
    }
  }

  private void renamed(Map<String, String> found, List<String> gone, List<String> appeared) {
    for (Map.Entry<String, String> rename : found.entrySet()) {
      Column c = byName(rename.getKey());
      String to = rename.getValue();
      refuse("column " + c.sourceName + " of " + spec.sourceTable() + " was renamed to " + to);
      if (policy == SchemaChangePolicy.LENIENT) {
        // the old column kept, the new one added
        dropped(c);
        gone.remove(rename.getKey());
        continue;
      }
      LOG.info(
          "column {} of {} was renamed to {} at the source: {}",
          c.sourceName,
          spec.sourceTable(),
          to,
          policy == SchemaChangePolicy.IGNORE
              ? "its values go on to the target column of the old name"
              : "the target column is renamed");
      if (policy.follows()) {
        changes.add(ColumnChange.rename(c.origin, to));
      }
      c.sourceName = to;
      gone.remove(rename.getKey());
      appeared.remove(to);
    }
  }

  /** Not in these records, but still at the source: not written for them. */
  private void absent(Column c) {
    if (c.key) {
      throw new IllegalStateException(
          "key column " + c.sourceName + " of " + spec.sourceTable() + " is not in its records");
    }
    if (absentLogged.add(c.sourceName)) {
      LOG.info(
          "column {} of {} is not in some of its records (older rows of the log than the"
              + " pipeline's start): those rows leave its target value as it is",
          c.sourceName,
          spec.sourceTable());
    }
  }

  private void dropped(Column c) {
    if (c.key) {
      throw new IllegalStateException(
          "key column " + c.sourceName + " of " + spec.sourceTable() + " is gone at the source");
    }
    refuse("column " + c.sourceName + " of " + spec.sourceTable() + " was dropped");
    c.gone = true;
    if (policy.follows()) {
      changes.add(ColumnChange.drop(c.origin, c.sourceName));
      LOG.info(
          "column {} of {} was dropped at the source: dropped at the target too",
          c.sourceName,
          spec.sourceTable());
    } else {
      if (!c.nullable) {
        changes.add(ColumnChange.keep(c.origin, c.sourceName, c.targetType));
      }
      LOG.warn(
          "column {} of {} was dropped at the source: the target column is kept and no longer"
              + " written",
          c.sourceName,
          spec.sourceTable());
    }
  }

  private void added(Field f) {
    refuse("column " + f.name() + " was added to " + spec.sourceTable());
    if (!policy.adds()) {
      ignored.add(f.name());
      LOG.warn(
          "column {} appeared at the source in {}: not added to the target (schema_changes: {})",
          f.name(),
          spec.sourceTable(),
          policy.id());
      return;
    }
    String type = typing.targetType(f.name(), f.schema(), false);
    String origin = f.name();
    while (byOrigin(origin) != null) {
      origin = origin + "'"; // a column of this name was renamed away earlier
    }
    Column c = new Column(origin, false, true, null, type);
    c.sourceName = f.name();
    c.seen = f.schema();
    columns.add(c);
    changes.add(ColumnChange.add(origin, f.name(), type, typing.defaultLiteral(f, type)));
    LOG.info(
        "column {} appeared at the source in {}: target type {}",
        f.name(),
        spec.sourceTable(),
        type);
  }

  /**
   * A column's record schema changed (or is seen for the first time: the job may have restarted
   * between a change and the target following it).
   */
  private void retyped(Column c, Schema schema) {
    Schema before = c.seen;
    c.seen = schema;
    if (before == null) {
      // the spec's own declaration stands unless the source now declares another one: a mapping
      // from Debezium's view of the same type need not spell the spec's target type alike
      String now = SourceColumnType.declaration(schema);
      if (c.sourceType == null
          || now == null
          || now.equals(TypeWidening.declaration(c.sourceType, null, null))) {
        return;
      }
    } else if (before.equals(schema)
        || typing
            .targetType(c.sourceName, before, c.key)
            .equals(typing.targetType(c.sourceName, schema, c.key))) {
      return;
    }
    String type = typing.targetType(c.sourceName, schema, c.key);
    TypeWidening.Change change = TypeWidening.of(c.targetType, type);
    if (change == TypeWidening.Change.SAME
        || (before == null && change != TypeWidening.Change.WIDER)) {
      return; // a first look says no more than that the types are spelled apart
    }
    String what =
        "column "
            + c.sourceName
            + " of "
            + spec.sourceTable()
            + " changed type at the source (the target's "
            + c.targetType
            + " would now be "
            + type
            + ")";
    refuse(what);
    if (change == TypeWidening.Change.OTHER
        && TypeWidening.of(type, c.targetType) == TypeWidening.Change.WIDER) {
      LOG.info("{}: the target column holds every value of the new type, and is left", what);
      return;
    }
    if (change == TypeWidening.Change.WIDER && policy.adds()) {
      changes.add(ColumnChange.retype(c.origin, c.sourceName, type, c.nullable));
      LOG.info("{}: the target column is altered", what);
      c.targetType = type;
      return;
    }
    if (change == TypeWidening.Change.OTHER
        && policy.follows()
        && policy != SchemaChangePolicy.TRY_EVOLVE) {
      throw new IllegalStateException(
          what
              + "; that is not a widening, which is all cdcflow alters a target column to: alter "
              + spec.targetTable()
              + "."
              + c.sourceName
              + " to fit and restart the pipeline, or set schema_changes: lenient to write the"
              + " values into the column as it is");
    }
    LOG.warn("{}: the target column is left as it is (schema_changes: {})", what, policy.id());
  }

  /** Fails the job when the policy is FAIL. */
  private void refuse(String what) {
    if (policy == SchemaChangePolicy.FAIL) {
      throw new IllegalStateException(
          what
              + " at the source, and the pipeline's schema_changes is fail: change the target to"
              + " match, or the policy, and start the pipeline again");
    }
  }

  private Column byName(String sourceName) {
    for (Column c : columns) {
      if (!c.gone && c.sourceName.equals(sourceName)) {
        return c;
      }
    }
    throw new IllegalStateException("no column " + sourceName + " in " + spec.sourceTable());
  }

  private Column byOrigin(String origin) {
    for (Column c : columns) {
      if (c.origin.equals(origin)) {
        return c;
      }
    }
    return null;
  }
}
