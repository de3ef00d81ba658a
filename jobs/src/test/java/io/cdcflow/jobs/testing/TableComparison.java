package io.cdcflow.jobs.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.discovery.TableId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compares a source table with its target copy row by row and column by column, across PostgreSQL
 * and MySQL/MariaDB. Values are normalised so that the comparison is exact but fair: numbers by
 * value (1.50 = 1.5, true = 1), timestamps to UTC wall-clock time, times without trailing zeros,
 * JSON parsed (key order and spacing do not matter), arrays and JSON arrays alike, bit strings as
 * 0/1 text, bytes as hex, fixed-width char without padding. Everything else must be identical.
 */
public final class TableComparison {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final Pattern ISO_INTERVAL =
      Pattern.compile(
          "^(-)?P(?:(-?\\d+)Y)?(?:(-?\\d+)M)?(?:(-?\\d+)D)?(?:T(?:(-?\\d+)H)?(?:(-?\\d+)M)?(?:(-?[\\d.]+)S)?)?$");

  private TableComparison() {}

  /** Rows keyed by their normalised key, each a map column → normalised value. */
  public record Snapshot(List<String> columns, Map<String, Map<String, Object>> rows) {}

  /**
   * The differences between source and target (empty when equal), at most {@code limit} lines.
   *
   * @param columns the columns to compare; null = all source columns
   */
  public static List<String> differences(
      ConnectionConfig source,
      TableId sourceTable,
      ConnectionConfig target,
      TableId targetTable,
      List<String> keyColumns,
      List<String> columns,
      int limit)
      throws SQLException {
    Snapshot a = read(source, sourceTable, keyColumns, columns);
    Snapshot b = read(target, targetTable, keyColumns, columns == null ? a.columns() : columns);
    return differences(a, b, limit);
  }

  /** The source restricted to the given keys (as the comparison prints them: "3", "4|1"). */
  public static Snapshot only(Snapshot s, java.util.Set<String> keys) {
    Map<String, Map<String, Object>> rows = new TreeMap<>(s.rows());
    rows.keySet().retainAll(keys);
    return new Snapshot(s.columns(), rows);
  }

  public static List<String> differences(Snapshot a, Snapshot b, int limit) {
    List<String> diffs = new ArrayList<>();
    if (a.rows().size() != b.rows().size()) {
      diffs.add("row count: source " + a.rows().size() + ", target " + b.rows().size());
    }
    TreeSet<String> keys = new TreeSet<>(a.rows().keySet());
    keys.addAll(b.rows().keySet());
    for (String key : keys) {
      if (diffs.size() >= limit) {
        break;
      }
      Map<String, Object> ra = a.rows().get(key);
      Map<String, Object> rb = b.rows().get(key);
      if (ra == null) {
        diffs.add("key " + key + ": only in target");
      } else if (rb == null) {
        diffs.add("key " + key + ": only in source");
      } else {
        for (String c : a.columns()) {
          Object va = ra.get(c);
          Object vb = rb.get(c);
          if (!equal(va, vb)) {
            diffs.add("key " + key + " column " + c + ": source <" + va + "> target <" + vb + ">");
          }
        }
      }
    }
    return diffs;
  }

  public static Snapshot read(
      ConnectionConfig config, TableId table, List<String> keyColumns, List<String> columns)
      throws SQLException {
    Dialect dialect = Dialect.of(config.type());
    try (Connection c = JdbcConnector.open(readSettings(config));
        Statement st = c.createStatement()) {
      if (config.type() == DatabaseType.POSTGRES) {
        st.execute("SET intervalstyle = 'iso_8601'");
      }
      String select =
          columns == null
              ? "*"
              : columns.stream().map(dialect::quoteIdentifier).collect(Collectors.joining(", "));
      try (ResultSet rs = st.executeQuery("SELECT " + select + " FROM " + dialect.quote(table))) {
        ResultSetMetaData md = rs.getMetaData();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          names.add(md.getColumnLabel(i));
        }
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        while (rs.next()) {
          Map<String, Object> row = new HashMap<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(names.get(i - 1), normalise(rs, i, md));
          }
          String key =
              keyColumns.stream()
                  .map(
                      k ->
                          row.get(k) instanceof BigDecimal d
                              ? d.toPlainString()
                              : String.valueOf(row.get(k)))
                  .collect(Collectors.joining("|"));
          rows.put(key, row);
        }
        return new Snapshot(names, rows);
      }
    }
  }

  /** Number of rows in a table. */
  public static long count(ConnectionConfig config, TableId table) throws SQLException {
    try (Connection c = JdbcConnector.open(config);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*) FROM " + Dialect.of(config.type()).quote(table))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static ConnectionConfig readSettings(ConnectionConfig c) {
    if (c.type() != DatabaseType.MYSQL) {
      return c;
    }
    Map<String, String> props = new HashMap<>(c.properties());
    props.put("connectionTimeZone", "UTC");
    props.put("forceConnectionTimeZoneToSession", "true");
    props.put("yearIsDateType", "false");
    return new ConnectionConfig(
        c.type(), c.host(), c.port(), c.database(), c.username(), c.password(), props);
  }

  private static Object normalise(ResultSet rs, int i, ResultSetMetaData md) throws SQLException {
    String typeName = md.getColumnTypeName(i).toLowerCase(Locale.ROOT);
    int type = md.getColumnType(i);
    if (typeName.equals("timestamptz")) {
      OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
      return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    switch (type) {
      case Types.TIMESTAMP:
        return rs.getObject(i, LocalDateTime.class);
      case Types.DATE:
        if (typeName.startsWith("year")) {
          Object y = rs.getObject(i);
          return y == null ? null : number(y);
        }
        return rs.getObject(i, LocalDate.class);
      case Types.TIME:
        return time(rs.getString(i));
      default:
        break;
    }
    Object v = rs.getObject(i);
    if (v == null) {
      return null;
    }
    if (typeName.equals("interval")) {
      return rs.getString(i);
    }
    if (typeName.equals("bit") || typeName.equals("varbit")) {
      if (v instanceof byte[] bytes) {
        return bits(bytes, md.getPrecision(i));
      }
      if (v instanceof Boolean b) {
        return b ? BigDecimal.ONE : BigDecimal.ZERO;
      }
      return v.toString();
    }
    if (v instanceof Array array) {
      return list(array.getArray());
    }
    if (v instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    if (v instanceof Boolean || v instanceof Number) {
      return number(v);
    }
    String s = v.toString();
    if (type == Types.CHAR || typeName.equals("bpchar")) {
      s = s.stripTrailing();
    }
    return s;
  }

  /** A number as a BigDecimal in one canonical form: 10, 1.5, 0 (never 1E+1 or 1.50). */
  private static Object number(Object v) {
    BigDecimal d;
    if (v instanceof Boolean b) {
      d = b ? BigDecimal.ONE : BigDecimal.ZERO;
    } else if (v instanceof Float f) {
      // a 4-byte float holds 6 significant digits for sure, and MariaDB prints no more of them
      d = new BigDecimal(Float.toString(f)).round(new java.math.MathContext(6));
    } else if (v instanceof Double x) {
      d = new BigDecimal(Double.toString(x));
    } else if (v instanceof BigInteger b) {
      d = new BigDecimal(b);
    } else if (v instanceof BigDecimal x) {
      d = x;
    } else {
      d = new BigDecimal(v.toString());
    }
    return d.signum() == 0
        ? BigDecimal.ZERO
        : new BigDecimal(d.stripTrailingZeros().toPlainString());
  }

  private static String time(String t) {
    if (t == null) {
      return null;
    }
    int dot = t.indexOf('.');
    if (dot < 0) {
      return t;
    }
    String fraction = t.substring(dot + 1).replaceAll("0+$", "");
    return fraction.isEmpty() ? t.substring(0, dot) : t.substring(0, dot + 1) + fraction;
  }

  private static String bits(byte[] bytes, int length) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      for (int i = 7; i >= 0; i--) {
        s.append((b >> i & 1) == 1 ? '1' : '0');
      }
    }
    String all = s.toString();
    return length > 0 && all.length() > length ? all.substring(all.length() - length) : all;
  }

  private static List<Object> list(Object array) {
    List<Object> out = new ArrayList<>();
    int n = java.lang.reflect.Array.getLength(array);
    for (int i = 0; i < n; i++) {
      Object e = java.lang.reflect.Array.get(array, i);
      out.add(element(e));
    }
    return out;
  }

  private static Object element(Object e) {
    if (e == null) {
      return null;
    }
    if (e.getClass().isArray() && !(e instanceof byte[])) {
      return list(e);
    }
    if (e instanceof Boolean || e instanceof Number) {
      return number(e);
    }
    return e.toString();
  }

  /** Equal after normalising; strings that hold JSON or ISO intervals compare by meaning. */
  static boolean equal(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.equals(b)) {
      return true;
    }
    Object ja = jsonLike(a);
    Object jb = jsonLike(b);
    if (ja != null && jb != null && ja.equals(jb)) {
      return true;
    }
    if (a instanceof String sa && b instanceof String sb) {
      String ia = interval(sa);
      String ib = interval(sb);
      return ia != null && ia.equals(ib);
    }
    return false;
  }

  /** A canonical form of JSON text or of a list, or null. */
  private static Object jsonLike(Object v) {
    try {
      if (v instanceof List<?> list) {
        return canonical(JSON.valueToTree(list));
      }
      if (v instanceof String s) {
        String t = s.trim();
        if (t.startsWith("{") || t.startsWith("[")) {
          return canonical(JSON.readTree(t));
        }
      }
    } catch (Exception e) {
      return null;
    }
    return null;
  }

  private static Object canonical(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> m = new TreeMap<>();
      node.fields().forEachRemaining(e -> m.put(e.getKey(), canonical(e.getValue())));
      return m;
    }
    if (node.isArray()) {
      List<Object> l = new ArrayList<>();
      node.forEach(n -> l.add(canonical(n)));
      return l;
    }
    if (node.isNumber()) {
      return node.decimalValue().signum() == 0
          ? "0"
          : node.decimalValue().stripTrailingZeros().toPlainString();
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      String t = node.textValue();
      // a number that travelled as text (array elements) equals the number
      try {
        BigDecimal d = new BigDecimal(t);
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
      } catch (NumberFormatException e) {
        return t;
      }
    }
    return node.asText();
  }

  /** "P1Y2M3DT4H5M6.5S" in any spelling → "1,2,3,4,5,6.5"; null when not an ISO interval. */
  private static String interval(String s) {
    Matcher m = ISO_INTERVAL.matcher(s.trim());
    if (!m.matches() || s.trim().equals("P")) {
      return null;
    }
    StringBuilder out = new StringBuilder(m.group(1) == null ? "" : "-");
    for (int g = 2; g <= 7; g++) {
      String part = m.group(g);
      BigDecimal d = part == null ? BigDecimal.ZERO : new BigDecimal(part);
      out.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString()).append(',');
    }
    return out.toString();
  }
}
