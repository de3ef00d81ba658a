package io.cdcflow.jobs.event;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.dialect.SqlType;
import io.cdcflow.catalog.dialect.mysql.MySqlTypeParser;
import io.cdcflow.jobs.spec.ColumnSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the rows of one table as a MySQL/MariaDB {@code SELECT} returns them (columns in the
 * table's order) into snapshot {@link ChangeEvent}s, each value what the Debezium path gives for
 * the same row ({@link DebeziumValues} with {@code DebeziumSettings}: exact decimals, unsigned
 * bigint as a decimal, bytes, microsecond times), so a row read here and the same row read from the
 * binlog are written alike. Temporal values are read from their text (as the text protocol sends
 * it, not through the driver's conversions, which depend on its time zone settings), which must
 * come from a session in UTC ({@code MySqlSnapshotQueries#SESSION_SETTINGS}).
 */
public final class MySqlResultRows {

  /** One column of the current row as a canonical value, or null. */
  @FunctionalInterface
  private interface ColumnValue {
    Object read(ResultSet row, int index) throws SQLException;
  }

  private static final byte[] ZERO_DATE = "0000-00-00".getBytes(StandardCharsets.US_ASCII);

  private final int table;
  private final String tableName;
  private final List<String> columnNames;
  private final ColumnValue[] values;
  private final TargetValues.Kind[] kinds;
  private final DatabaseType target;

  public MySqlResultRows(int table, TableSpec spec, DatabaseType target) {
    this.table = table;
    this.tableName = spec.sourceTable().toString();
    this.columnNames = spec.columnNames();
    this.target = target;
    this.values = new ColumnValue[spec.columns().size()];
    this.kinds = new TargetValues.Kind[values.length];
    for (int i = 0; i < values.length; i++) {
      ColumnSpec column = spec.columns().get(i);
      values[i] =
          reader(column)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "column " + column.name() + " cannot be read by key ranges"));
      kinds[i] = TargetValues.Kind.of(target, column.targetType());
    }
  }

  /**
   * The first column of the table this reader cannot read, or empty when it reads them all: every
   * integer, decimal, floating point, bit, string, enum, set, JSON, binary, date and time type; not
   * the spatial types, which are left to Flink CDC's reader.
   */
  public static Optional<String> unsupportedColumn(TableSpec spec) {
    for (ColumnSpec column : spec.columns()) {
      if (reader(column).isEmpty()) {
        return Optional.of(column.name() + " " + column.sourceType());
      }
    }
    return Optional.empty();
  }

  /**
   * The table's columns to select as a double ({@code MySqlSnapshotQueries#selectRange}): the
   * single-precision FLOATs, whose text the server cuts to 6 digits.
   */
  public static Set<String> readAsDouble(TableSpec spec) {
    Set<String> columns = new HashSet<>();
    for (ColumnSpec column : spec.columns()) {
      if (isSinglePrecision(column)) {
        columns.add(column.name());
      }
    }
    return columns;
  }

  private static boolean isSinglePrecision(ColumnSpec column) {
    try {
      SqlType type = MySqlTypeParser.parse(column.sourceType(), null);
      Integer precision = type.intArg(0);
      return type.name().equals("float")
          && (type.args().size() != 1 || precision == null || precision <= 24);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The result set's current row as an upsert of the table. */
  public ChangeEvent read(ResultSet row) throws SQLException {
    Object[] out = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      Object canonical;
      try {
        canonical = values[i].read(row, i + 1);
      } catch (RuntimeException e) {
        throw new UnreadableValueException(
            "column "
                + tableName
                + "."
                + columnNames.get(i)
                + ": cannot read the value '"
                + abbreviated(row.getString(i + 1))
                + "' ("
                + e.getMessage()
                + "); set the pipeline option copy_snapshot to false to read it through Debezium",
            e);
      }
      try {
        out[i] = canonical == null ? null : TargetValues.adapt(canonical, target, kinds[i]);
      } catch (UnwritableValueException e) {
        throw new UnreadableValueException(
            "column " + tableName + "." + columnNames.get(i) + ": " + e.getMessage(), e);
      }
    }
    return new ChangeEvent(table, ChangeEvent.Op.UPSERT, out, 0, 0, List.of());
  }

  private static Optional<ColumnValue> reader(ColumnSpec column) {
    SqlType type;
    try {
      type = MySqlTypeParser.parse(column.sourceType(), null);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        switch (type.name()) {
          case "tinyint", "smallint", "mediumint", "int" -> MySqlResultRows::integer;
          case "bigint" -> type.unsigned() ? MySqlResultRows::decimal : MySqlResultRows::integer;
          case "decimal" -> MySqlResultRows::decimal;
          case "float" -> floatReader(column);
          case "double" -> (r, i) -> nullable(r, r.getDouble(i));
          case "bit" -> bitReader(type);
          case "char",
              "varchar",
              "tinytext",
              "text",
              "mediumtext",
              "longtext",
              "enum",
              "set",
              "json" ->
              ResultSet::getString;
          case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" ->
              ResultSet::getBytes;
          case "year" -> (r, i) -> nullable(r, r.getLong(i));
          case "date" -> text(IsoTemporalText::date);
          case "datetime" -> text((b, off, len) -> IsoTemporalText.timestamp(b, off, len, false));
          // TIMESTAMP is an instant, which the UTC session writes in UTC
          case "timestamp" ->
              text(
                  (b, off, len) ->
                      ((LocalDateTime) IsoTemporalText.timestamp(b, off, len, false))
                          .atOffset(ZoneOffset.UTC));
          case "time" -> text(IsoTemporalText::duration);
          default -> null;
        });
  }

  private static Object integer(ResultSet r, int i) throws SQLException {
    return nullable(r, r.getLong(i));
  }

  private static Object decimal(ResultSet r, int i) throws SQLException {
    return r.getBigDecimal(i);
  }

  /**
   * Debezium gives FLOAT (single precision) as a float, FLOAT(25..53) as a double; a single
   * precision one is selected as a double ({@link #readAsDouble}) and narrowed back, exactly.
   */
  private static ColumnValue floatReader(ColumnSpec column) {
    return isSinglePrecision(column)
        ? (r, i) -> nullable(r, (float) r.getDouble(i))
        : (r, i) -> nullable(r, r.getDouble(i));
  }

  /** BIT(1) as a boolean, wider bit strings as little-endian bytes and their length. */
  private static ColumnValue bitReader(SqlType type) {
    Integer declared = type.intArg(0);
    int length = declared == null ? 1 : declared;
    return (r, i) -> {
      byte[] bigEndian = r.getBytes(i);
      if (bigEndian == null) {
        return null;
      }
      if (length == 1) {
        return bigEndian.length > 0 && bigEndian[bigEndian.length - 1] != 0;
      }
      byte[] littleEndian = new byte[bigEndian.length];
      for (int k = 0; k < bigEndian.length; k++) {
        littleEndian[k] = bigEndian[bigEndian.length - 1 - k];
      }
      return new DebeziumValues.Bits(littleEndian, length);
    };
  }

  /**
   * The value's text parsed; a zero date ("0000-00-00", which Debezium gives as null) is null. The
   * text is the row's own bytes: the driver's getString of a temporal value decodes it and formats
   * it again with {@link String#format}, which took most of a reader's time.
   */
  private static ColumnValue text(TextValue parse) {
    return (r, i) -> {
      byte[] b = r.getBytes(i);
      if (b == null || isZeroDate(b)) {
        return null;
      }
      return parse.read(b, 0, b.length);
    };
  }

  private static boolean isZeroDate(byte[] b) {
    if (b.length < ZERO_DATE.length) {
      return false;
    }
    for (int k = 0; k < ZERO_DATE.length; k++) {
      if (b[k] != ZERO_DATE[k]) {
        return false;
      }
    }
    return true;
  }

  private static Object nullable(ResultSet r, Object value) throws SQLException {
    return r.wasNull() ? null : value;
  }

  private static String abbreviated(String s) {
    return s == null ? "NULL" : s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
