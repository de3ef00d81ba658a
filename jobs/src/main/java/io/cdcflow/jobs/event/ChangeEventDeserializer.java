package io.cdcflow.jobs.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.SchemaChangePolicy;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import io.debezium.data.Envelope;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Field;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each Debezium {@link SourceRecord} into {@link ChangeEvent}s, once: reads, inserts and
 * updates become upserts, deletes deletes, and an update that changes the key a delete of the old
 * key plus an upsert of the new row (the two are routed by their own keys).
 *
 * <p>Column changes are read off the records: each table's {@link TableColumns} sets every new
 * record schema against the columns it knows and, under the pipeline's {@code schema_changes},
 * turns the difference into the {@link ColumnChange}s its events carry, or fails the job naming it.
 * A TRUNCATE becomes a {@link ChangeEvent.Op#TRUNCATE} marker (the table is copied again), and a
 * MySQL rename onto a pipeline table fails the job (the target could not follow it).
 */
public final class ChangeEventDeserializer implements DebeziumDeserializationSchema<ChangeEvent> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ChangeEventDeserializer.class);

  /** The value Debezium's PostgreSQL connector sends for an unchanged TOAST column. */
  public static final String UNAVAILABLE_PLACEHOLDER = "__debezium_unavailable_value";

  private static final Pattern TRUNCATE =
      Pattern.compile(
          "^\\s*truncate\\s+(?:table\\s+)?(.+?)\\s*;?\\s*$",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern DROP =
      Pattern.compile("^\\s*drop\\s+table\\s", Pattern.CASE_INSENSITIVE);
  private static final Pattern RENAME =
      Pattern.compile(
          "^\\s*(rename\\s+table|alter\\s+table\\s+.+\\s+rename\\s+(?!(column|index|key)\\b))",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private static final Pattern ALTER =
      Pattern.compile(
          "^\\s*alter\\s+(?:online\\s+|ignore\\s+)*table\\s+((?:`[^`]+`|[\\w$]+)(?:\\.(?:`[^`]+`|[\\w$]+))?)",
          Pattern.CASE_INSENSITIVE);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DatabaseType sourceType;
  private final DatabaseType targetType;
  private final List<TableSpec> tables;
  private final SchemaChangePolicy policy;
  private final ConnectionConfig source;

  private transient Map<TableId, Integer> tableIndex;
  private transient TableState[] states;
  private transient Schema sourceSchema;
  private transient SourceFields sourceFields;
  private transient String lastSchemaName;
  private transient String lastTableName;
  private transient int lastTableIndex;
  private transient TableColumns.SourceEvidence evidence;

  public ChangeEventDeserializer(PipelineSpec spec) {
    this.sourceType = spec.source().type();
    this.targetType = spec.target().type();
    this.tables = spec.tables();
    this.policy = spec.options().schemaChanges();
    this.source = spec.source();
  }

  @Override
  public void deserialize(SourceRecord record, Collector<ChangeEvent> out) {
    if (!(record.value() instanceof Struct value)) {
      return; // tombstones
    }
    Schema valueSchema = value.schema();
    if (valueSchema.name() != null && valueSchema.name().endsWith("SchemaChangeValue")) {
      schemaChange(value, out);
      return;
    }
    if (valueSchema.field(Envelope.FieldName.OPERATION) == null) {
      return; // heartbeats, watermarks
    }
    Struct source = value.getStruct(Envelope.FieldName.SOURCE);
    int table = tableIndex(source);
    if (table < 0) {
      return;
    }
    long ts = timestamp(source);
    long position = position(source);
    Envelope.Operation op =
        Envelope.Operation.forCode(value.getString(Envelope.FieldName.OPERATION));
    switch (op) {
      case READ, CREATE ->
          out.collect(
              row(
                  table,
                  ChangeEvent.Op.UPSERT,
                  value.getStruct(Envelope.FieldName.AFTER),
                  ts,
                  position));
      case UPDATE -> {
        Struct before = value.getStruct(Envelope.FieldName.BEFORE);
        ChangeEvent after =
            row(
                table,
                ChangeEvent.Op.UPSERT,
                value.getStruct(Envelope.FieldName.AFTER),
                ts,
                position);
        if (before != null) {
          ChangeEvent old = row(table, ChangeEvent.Op.DELETE, before, ts, position);
          if (!sameKey(table, old, after)) {
            out.collect(old);
          }
        }
        out.collect(after);
      }
      case DELETE ->
          out.collect(
              row(
                  table,
                  ChangeEvent.Op.DELETE,
                  value.getStruct(Envelope.FieldName.BEFORE),
                  ts,
                  position));
      case TRUNCATE -> truncated(table, ts, position, out);
      default -> {
        // logical decoding messages are not row changes
      }
    }
  }

  /**
   * A PostgreSQL TRUNCATE: under evolve the table is copied again where the job can (the sink fails
   * with the reason where it cannot); lenient and ignore keep the target's rows.
   */
  private void truncated(int table, long ts, long position, Collector<ChangeEvent> out) {
    TableSpec spec = tables.get(table);
    switch (policy) {
      case FAIL ->
          throw new IllegalStateException(
              "table "
                  + spec.sourceTable()
                  + " was truncated at the source, and the pipeline's schema_changes is fail:"
                  + " copy the table again (POST /api/pipelines/{id}/tables/{table}/resnapshot)"
                  + " once it runs, or change the policy");
      case LENIENT, IGNORE ->
          LOG.warn(
              "table {} was truncated at the source: its target table keeps its rows"
                  + " (schema_changes: {})",
              spec.sourceTable(),
              policy.id());
      default -> out.collect(ChangeEvent.truncated(table, spec.columns().size(), ts, position));
    }
  }

  @Override
  public TypeInformation<ChangeEvent> getProducedType() {
    return ChangeEventTypeInfo.INSTANCE;
  }

  private ChangeEvent row(int table, ChangeEvent.Op op, Struct row, long ts, long position) {
    if (row == null) {
      throw new IllegalStateException(
          "a " + op + " of " + tables.get(table).sourceTable() + " arrived without its row image");
    }
    Layout layout = layout(table, row.schema());
    Object[] values = new Object[layout.fields.length];
    for (int i = 0; i < values.length; i++) {
      Field f = layout.fields[i];
      if (f == null) {
        values[i] = ChangeEvent.ABSENT;
      } else {
        // get(Field) reads by position but puts the column default in for a NULL: only for
        // fields without a default is it the same as getWithoutDefault(name), a lookup by name
        Object raw = layout.hasDefault[i] ? row.getWithoutDefault(f.name()) : row.get(f);
        try {
          values[i] = layout.converters[i].convert(raw);
        } catch (RuntimeException e) {
          throw unreadable(table, row, layout, f, e);
        }
      }
    }
    return new ChangeEvent(table, op, values, ts, position, layout.changes);
  }

  /** Names the table, the column and the row's key: the pipeline's state reason shows this. */
  private UnreadableValueException unreadable(
      int table, Struct row, Layout layout, Field field, RuntimeException e) {
    StringBuilder key = new StringBuilder();
    for (int k : state(table).keyIndexes) {
      Field keyField = layout.fields[k];
      if (keyField != null) {
        key.append(key.isEmpty() ? "" : ", ")
            .append(keyField.name())
            .append('=')
            .append(row.getWithoutDefault(keyField.name()));
      }
    }
    return new UnreadableValueException(
        "cannot read the value of "
            + tables.get(table).sourceTable()
            + "."
            + field.name()
            + " in the row with key ("
            + key
            + ") from the log: "
            + e.getMessage(),
        e);
  }

  private boolean sameKey(int table, ChangeEvent a, ChangeEvent b) {
    for (int i : state(table).keyIndexes) {
      if (!sameValue(a.value(i), b.value(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameValue(Object a, Object b) {
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    return Objects.deepEquals(a, b);
  }

  /** The row layout for this version of the table's schema; rebuilt when the schema changes. */
  private Layout layout(int table, Schema schema) {
    TableState state = state(table);
    Layout last = state.layout;
    if (last != null && (last.schema == schema || last.schema.equals(schema))) {
      state.layout = last.schema == schema ? last : last.withSchema(schema);
      return state.layout;
    }
    state.layout = buildLayout(table, schema, state);
    return state.layout;
  }

  private Layout buildLayout(int table, Schema schema, TableState state) {
    TableSpec spec = tables.get(table);
    TableColumns columns = state.columns;
    columns.follow(schema);
    List<TableColumns.Column> list = columns.columns();
    Field[] fields = new Field[list.size()];
    ValueConverter[] converters = new ValueConverter[list.size()];
    boolean[] hasDefault = new boolean[list.size()];
    for (int i = 0; i < fields.length; i++) {
      TableColumns.Column c = list.get(i);
      Field f = c.gone ? null : schema.field(c.sourceName);
      fields[i] = f;
      if (f != null) {
        converters[i] = converter(spec, c.sourceName, f.schema(), c.targetType);
        hasDefault[i] = f.schema().defaultValue() != null;
      }
    }
    return new Layout(schema, fields, hasDefault, converters, columns.changes());
  }

  /** What the target type of a source column is, and its default there. */
  private TableColumns.Typing typing(TableSpec spec) {
    return new TableColumns.Typing() {
      @Override
      public String targetType(String column, Schema schema, boolean key) {
        return AddedColumnTypes.targetType(
            sourceType, targetType, spec.sourceTable() + "." + column, schema, key);
      }

      @Override
      public String defaultLiteral(Field field, String type) {
        return ChangeEventDeserializer.this.defaultLiteral(
            field, converter(spec, field.name(), field.schema(), type));
      }
    };
  }

  /**
   * The source column's default (Debezium puts it on the field's schema) as an SQL literal for the
   * target: numbers and booleans; from MySQL also text and temporal values; else null.
   */
  private String defaultLiteral(Field field, ValueConverter converter) {
    Object declared = field.schema().defaultValue();
    if (declared == null) {
      return null;
    }
    Object v;
    try {
      v = converter.convert(declared);
    } catch (RuntimeException e) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Long
        || (v instanceof Double d && Double.isFinite(d))
        || (v instanceof Float f && Float.isFinite(f))) {
      return v.toString();
    }
    if (v instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    if (sourceType == DatabaseType.POSTGRES) {
      // Debezium 1.9 parses PostgreSQL default expressions naively ('it''s'::text becomes "it"):
      // only numbers and booleans are trusted; the target's existing rows get NULL otherwise
      LOG.warn(
          "column {} was added with a default the target does not get (only numeric and boolean"
              + " defaults of PostgreSQL sources are copied): existing rows are NULL there",
          field.name());
      return null;
    }
    if (v instanceof String || v instanceof TemporalAccessor) {
      String text = v.toString();
      if (sourceType == DatabaseType.MYSQL && v instanceof String) {
        // Debezium 1.9 keeps a MySQL string default as written between its quotes ('it''s')
        text = text.replace("''", "'");
      }
      if (targetType == DatabaseType.MYSQL) {
        text = text.replace("\\", "\\\\");
      }
      return "'" + text.replace("'", "''") + "'";
    }
    return null;
  }

  private ValueConverter converter(
      TableSpec spec, String column, Schema schema, String targetType) {
    return DebeziumValues.converter(
        spec.sourceTable() + "." + column,
        schema,
        targetType == null ? DatabaseType.POSTGRES : this.targetType,
        targetType,
        UNAVAILABLE_PLACEHOLDER);
  }

  /**
   * A DDL statement from the MySQL binlog (Flink CDC wraps Debezium's history record as JSON): fail
   * on what the target cannot follow. Debezium 1.9 does not report TRUNCATE on MySQL at all.
   */
  private void schemaChange(Struct value, Collector<ChangeEvent> out) {
    String ddl;
    String database;
    if (value.schema().field("historyRecord") != null) {
      try {
        JsonNode record = JSON.readTree(value.getString("historyRecord"));
        ddl = record.path("ddl").asText(null);
        database = record.path("databaseName").asText(null);
      } catch (IOException e) {
        LOG.warn("unreadable schema change record: {}", e.getMessage());
        return;
      }
    } else if (value.schema().field("ddl") != null) {
      ddl = value.getString("ddl");
      database =
          value.schema().field("databaseName") == null ? null : value.getString("databaseName");
    } else {
      return;
    }
    if (ddl == null) {
      return;
    }
    LOG.info("DDL at the source ({}): {}", database, ddl.trim());
    Matcher truncate = TRUNCATE.matcher(ddl);
    if (truncate.matches()) {
      TableId id = parseName(truncate.group(1), database);
      if (id != null && index().containsKey(id)) {
        truncated(index().get(id), 0, 0, out);
      }
      return;
    }
    Matcher alter = ALTER.matcher(ddl);
    if (alter.find() && evidence() instanceof MySqlColumnEvidence columns) {
      TableId id = parseName(alter.group(1), database);
      if (id != null && index().containsKey(id)) {
        columns.altered(id, ddl);
      }
    }
    if (DROP.matcher(ddl).find()) {
      for (TableSpec t : tables) {
        if (t.sourceTable().schema().equals(database) && mentions(ddl, t.sourceTable())) {
          LOG.warn(
              "table {} was dropped at the source ({}); its target table {} is kept as it is",
              t.sourceTable(),
              ddl.trim(),
              t.targetTable());
        }
      }
      return;
    }
    if (RENAME.matcher(ddl).find()) {
      for (TableSpec t : tables) {
        if (t.sourceTable().schema().equals(database) && mentions(ddl, t.sourceTable())) {
          throw new IllegalStateException(
              "table "
                  + t.sourceTable()
                  + " was renamed at the source ("
                  + ddl.trim()
                  + "); its later changes would be lost: update the pipeline's tables and"
                  + " restart it");
        }
      }
    }
  }

  private static boolean mentions(String ddl, TableId id) {
    String lower = ddl.toLowerCase(Locale.ROOT);
    String name = id.name().toLowerCase(Locale.ROOT);
    return lower.contains("`" + name + "`")
        || Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(lower).find();
  }

  private static TableId parseName(String text, String database) {
    String t = text.trim();
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '`') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else if (!Character.isWhitespace(c) || quoted) {
        current.append(c);
      }
    }
    parts.add(current.toString());
    if (parts.size() == 2) {
      return new TableId(parts.get(0), parts.get(1));
    }
    return database == null ? null : new TableId(database, parts.get(0));
  }

  private int tableIndex(Struct source) {
    SourceFields fields = sourceFields(source);
    String schema = (String) source.get(fields.schema);
    String table = (String) source.get(fields.table);
    if (schema == null || table == null) {
      return -1;
    }
    // records of one table usually carry the very same name strings: skip the map then
    if (schema == lastSchemaName && table == lastTableName) {
      return lastTableIndex;
    }
    Integer index = index().get(new TableId(schema, table));
    lastSchemaName = schema;
    lastTableName = table;
    lastTableIndex = index == null ? -1 : index;
    return lastTableIndex;
  }

  private long timestamp(Struct source) {
    Object ts = SourceFields.get(source, sourceFields(source).tsMs);
    return ts instanceof Number n ? n.longValue() : 0L;
  }

  private long position(Struct source) {
    SourceFields fields = sourceFields(source);
    if (sourceType == DatabaseType.MYSQL) {
      Object file = SourceFields.get(source, fields.file);
      Object pos = SourceFields.get(source, fields.pos);
      return file instanceof String f && pos instanceof Number p
          ? SourcePosition.ofBinlog(f, p.longValue())
          : 0L;
    }
    return SourceFields.get(source, fields.lsn) instanceof Number lsn ? lsn.longValue() : 0L;
  }

  /** The source block's fields, looked up by name once per schema of the block, not per record. */
  private SourceFields sourceFields(Struct source) {
    Schema schema = source.schema();
    if (schema != sourceSchema) {
      sourceFields = SourceFields.of(schema, sourceType);
      sourceSchema = schema;
    }
    return sourceFields;
  }

  private Map<TableId, Integer> index() {
    if (tableIndex == null) {
      Map<TableId, Integer> map = new HashMap<>();
      for (int i = 0; i < tables.size(); i++) {
        map.put(tables.get(i).sourceTable(), i);
      }
      tableIndex = map;
    }
    return tableIndex;
  }

  private TableColumns.SourceEvidence evidence() {
    if (evidence == null) {
      evidence =
          sourceType == DatabaseType.MYSQL
              ? new MySqlColumnEvidence()
              : new PostgresColumnEvidence(source);
    }
    return evidence;
  }

  private TableState state(int table) {
    if (states == null) {
      states = new TableState[tables.size()];
    }
    if (states[table] == null) {
      TableSpec spec = tables.get(table);
      states[table] =
          new TableState(
              spec.keyIndexes(), new TableColumns(spec, policy, evidence(), typing(spec)));
    }
    return states[table];
  }

  /** Fields of Debezium's source block; null when the block has no such field. */
  private record SourceFields(
      Field schema, Field table, Field tsMs, Field file, Field pos, Field lsn) {

    static SourceFields of(Schema source, DatabaseType sourceType) {
      return new SourceFields(
          required(source, sourceType == DatabaseType.MYSQL ? "db" : "schema"),
          required(source, "table"),
          source.field("ts_ms"),
          source.field("file"),
          source.field("pos"),
          source.field("lsn"));
    }

    private static Field required(Schema source, String name) {
      Field f = source.field(name);
      if (f == null) {
        throw new IllegalStateException("Debezium's source block has no field " + name);
      }
      return f;
    }

    static Object get(Struct struct, Field field) {
      return field == null ? null : struct.get(field);
    }
  }

  /** What this reader knows about one table's schema versions. */
  private static final class TableState {
    final int[] keyIndexes;
    final TableColumns columns;
    Layout layout;

    TableState(int[] keyIndexes, TableColumns columns) {
      this.keyIndexes = keyIndexes;
      this.columns = columns;
    }
  }

  /** Where each event column comes from in one schema version, and how it converts. */
  private record Layout(
      Schema schema,
      Field[] fields,
      boolean[] hasDefault,
      ValueConverter[] converters,
      List<ColumnChange> changes) {
    Layout withSchema(Schema equal) {
      return new Layout(equal, fields, hasDefault, converters, changes);
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }

    @Override
    public String toString() {
      return "Layout" + Arrays.toString(fields);
    }
  }
}
