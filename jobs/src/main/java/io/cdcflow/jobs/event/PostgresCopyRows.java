package io.cdcflow.jobs.event;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.dialect.SqlType;
import io.cdcflow.catalog.dialect.postgres.PostgresTypeParser;
import io.cdcflow.catalog.discovery.ColumnSchema.TypeCategory;
import io.cdcflow.jobs.spec.ColumnSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the rows of one table in PostgreSQL's COPY text format (tab-separated, {@code \N} for NULL,
 * backslash escapes) into snapshot {@link ChangeEvent}s. For a PostgreSQL target each value is the
 * text PostgreSQL wrote, which the target column (of the source's type) reads back unchanged, and
 * the event carries the line itself ({@link ChangeEvent#copyText()}), which the sink's COPY writes
 * as it is: no parsing and formatting on the way. For a MySQL target each value is what the
 * Debezium path gives for the same row ({@link ChangeEventDeserializer}, {@link TargetValues}), so
 * a row read by COPY and the same row read from the log are written alike.
 *
 * <p>The text must come from a session with {@code TimeZone=UTC}, {@code DateStyle=ISO} and {@code
 * bytea_output=hex} (see {@code PostgresSnapshotQueries#SESSION_SETTINGS}). Only the column types
 * listed in {@link #unsupportedColumn} are read; for a MySQL target, a value the parser does not
 * expect (infinity, BC dates, years past 9999, numeric NaN) fails with the column's name.
 */
public final class PostgresCopyRows {

  private static final Set<String> TEXT_TYPES =
      Set.of(
          "text",
          "character varying",
          "character",
          "citext",
          "uuid",
          "json",
          "jsonb",
          "xml",
          "inet",
          "cidr",
          "macaddr",
          "macaddr8");

  private final int table;
  private final String tableName;
  private final List<String> columnNames;
  private final TextValue[] values;
  private final boolean passThrough;
  private byte[] scratch = new byte[256];

  public PostgresCopyRows(int table, TableSpec spec, DatabaseType target) {
    this(table, spec, target, false);
  }

  /**
   * @param typedKeys for a PostgreSQL target, give the key columns as the log gives them (a Long,
   *     not its text) where the type is parsed, so that a row read by COPY and a change of the same
   *     row from the log are one key in the sink's buffer: for a table copied again while the log
   *     streams, whose rows meet the log's in one flush
   */
  public PostgresCopyRows(int table, TableSpec spec, DatabaseType target, boolean typedKeys) {
    this.table = table;
    this.tableName = spec.sourceTable().toString();
    this.columnNames = spec.columnNames();
    this.values = new TextValue[spec.columns().size()];
    this.passThrough = target == DatabaseType.POSTGRES;
    for (int i = 0; i < values.length; i++) {
      ColumnSpec column = spec.columns().get(i);
      boolean typedKey =
          typedKeys && target == DatabaseType.POSTGRES && spec.keyColumns().contains(column.name());
      TextValue parse =
          (typedKey
                  ? parser(column, DatabaseType.MYSQL).or(() -> parser(column, target))
                  : parser(column, target))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "column " + column.name() + " cannot be read from COPY text"));
      TargetValues.Kind kind = TargetValues.Kind.of(target, column.targetType());
      values[i] =
          target == DatabaseType.POSTGRES
              ? parse
              : (b, off, len) -> TargetValues.adapt(parse.read(b, off, len), target, kind);
    }
  }

  /**
   * The first column of the table whose values the COPY reader cannot give the target, or empty
   * when it reads them all. A PostgreSQL target gets every value as the text PostgreSQL wrote (its
   * column has the source's type, or text for enums and citext, the base type for domains; the text
   * is bound untyped and read by the column's own input function), except {@code money}, whose text
   * depends on the server's locale. A MySQL target gets typed values, for integers, numeric, real,
   * double precision, boolean, the text-like types (text, varchar, char, citext, uuid, json, jsonb,
   * xml, network addresses), enums, bytea, date, time, timestamp and timestamptz; tables with
   * arrays, domains, intervals, bit strings, time with time zone or money are left to the Debezium
   * reader, which knows them all.
   */
  public static Optional<String> unsupportedColumn(TableSpec spec, DatabaseType target) {
    for (ColumnSpec column : spec.columns()) {
      if (parser(column, target).isEmpty()) {
        return Optional.of(column.name() + " " + column.sourceType());
      }
    }
    return Optional.empty();
  }

  /** One row of COPY text (its line end included or not) as an upsert of the table. */
  public ChangeEvent read(byte[] line) {
    int end = line.length;
    if (end > 0 && line[end - 1] == '\n') {
      end--;
    }
    Object[] row = new Object[values.length];
    int start = 0;
    for (int i = 0; i < values.length; i++) {
      if (start > end) {
        throw malformed("has " + i + " fields, expected " + values.length);
      }
      int stop = start;
      boolean escaped = false;
      while (stop < end && line[stop] != '\t') {
        if (line[stop] == '\\') {
          escaped = true;
          stop++; // the escaped character is never a field separator
        }
        stop++;
      }
      stop = Math.min(stop, end);
      row[i] = field(i, line, start, stop - start, escaped);
      start = stop + 1;
    }
    if (start <= end) {
      throw malformed("has more than " + values.length + " fields");
    }
    return passThrough
        ? ChangeEvent.copied(table, row, line)
        : new ChangeEvent(table, ChangeEvent.Op.UPSERT, row, 0, 0, List.of());
  }

  private Object field(int column, byte[] line, int off, int len, boolean escaped) {
    if (escaped && len == 2 && line[off] == '\\' && line[off + 1] == 'N') {
      return null;
    }
    byte[] bytes = line;
    if (escaped) {
      len = unescape(line, off, len);
      bytes = scratch;
      off = 0;
    }
    try {
      return values[column].read(bytes, off, len);
    } catch (UnwritableValueException e) {
      throw new UnreadableValueException(
          "column " + tableName + "." + columnNames.get(column) + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new UnreadableValueException(
          "column "
              + tableName
              + "."
              + columnNames.get(column)
              + ": cannot read the value '"
              + new String(bytes, off, Math.min(len, 64), StandardCharsets.UTF_8)
              + "' from COPY ("
              + e.getMessage()
              + "); set the pipeline option copy_snapshot to false to read it through Debezium",
          e);
    }
  }

  /** COPY's escapes undone into {@link #scratch}; returns the length. */
  private int unescape(byte[] line, int off, int len) {
    if (scratch.length < len) {
      scratch = new byte[Math.max(len, scratch.length * 2)];
    }
    int n = 0;
    for (int i = off; i < off + len; i++) {
      byte c = line[i];
      if (c == '\\' && i + 1 < off + len) {
        byte e = line[++i];
        scratch[n++] =
            switch (e) {
              case 'n' -> (byte) '\n';
              case 'r' -> (byte) '\r';
              case 't' -> (byte) '\t';
              case 'b' -> (byte) '\b';
              case 'f' -> (byte) '\f';
              case 'v' -> (byte) 0x0b;
              default -> e; // backslash itself; COPY TO writes no other escapes
            };
      } else {
        scratch[n++] = c;
      }
    }
    return n;
  }

  private IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException("a COPY row of " + tableName + " " + what);
  }

  private static Optional<TextValue> parser(ColumnSpec column, DatabaseType target) {
    if (target == DatabaseType.POSTGRES) {
      return column.sourceType().toLowerCase(Locale.ROOT).contains("money")
          ? Optional.empty()
          : Optional.of(PostgresCopyRows::string);
    }
    if (column.sourceCategory() == TypeCategory.ENUM) {
      return Optional.of(PostgresCopyRows::string);
    }
    if (column.sourceCategory() != TypeCategory.BASE) {
      return Optional.empty();
    }
    SqlType type;
    try {
      type = PostgresTypeParser.parse(column.sourceType());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (type.isArray()) {
      return Optional.empty();
    }
    if (TEXT_TYPES.contains(type.name())) {
      return Optional.of(PostgresCopyRows::string);
    }
    return Optional.ofNullable(
        switch (type.name()) {
          case "smallint", "integer", "bigint" -> PostgresCopyRows::integer;
          case "numeric" -> (b, off, len) -> new BigDecimal(ascii(b, off, len));
          case "real" -> (b, off, len) -> Float.parseFloat(ascii(b, off, len));
          case "double precision" -> (b, off, len) -> Double.parseDouble(ascii(b, off, len));
          case "boolean" -> PostgresCopyRows::bool;
          case "bytea" -> PostgresCopyRows::bytea;
          case "date" -> IsoTemporalText::date;
          case "time" -> IsoTemporalText::timeOfDay;
          case "timestamp" -> (b, off, len) -> IsoTemporalText.timestamp(b, off, len, false);
          case "timestamp with time zone" ->
              (b, off, len) -> IsoTemporalText.timestamp(b, off, len, true);
          default -> null;
        });
  }

  private static String string(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.UTF_8);
  }

  private static String ascii(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.ISO_8859_1);
  }

  private static Long integer(byte[] b, int off, int len) {
    if (len == 0 || len > 18) {
      return Long.parseLong(ascii(b, off, len));
    }
    boolean negative = b[off] == '-';
    long value = 0;
    for (int i = negative ? off + 1 : off; i < off + len; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return Long.parseLong(ascii(b, off, len));
      }
      value = value * 10 + d;
    }
    return negative ? -value : value;
  }

  private static Boolean bool(byte[] b, int off, int len) {
    if (len == 1 && b[off] == 't') {
      return Boolean.TRUE;
    }
    if (len == 1 && b[off] == 'f') {
      return Boolean.FALSE;
    }
    throw new IllegalArgumentException("not a boolean");
  }

  private static byte[] bytea(byte[] b, int off, int len) {
    if (len < 2 || b[off] != '\\' || b[off + 1] != 'x') {
      throw new IllegalArgumentException("bytea not in hex output");
    }
    return HexFormat.of().parseHex(ascii(b, off + 2, len - 2));
  }
}
