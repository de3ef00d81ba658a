package io.cdcflow.jobs.source.copy;

import io.cdcflow.catalog.dialect.mysql.MySqlTypeParser;
import io.cdcflow.jobs.spec.ColumnSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;

/**
 * The first key column of a MySQL/MariaDB table, which its key ranges bound, and how a bound's text
 * is bound as a parameter: numbers as exact decimals (a number compared with text is compared as a
 * double, which cannot tell large bigint values apart), anything else as text, which the server
 * converts to the column's type.
 */
record KeyColumn(String name, String type) {

  private static final Set<String> INTEGERS =
      Set.of("tinyint", "smallint", "mediumint", "int", "bigint");

  private static final Set<String> BINARIES =
      Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bit");

  static KeyColumn of(TableSpec table) {
    String name = table.keyColumns().get(0);
    ColumnSpec column =
        table.columns().stream()
            .filter(c -> c.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("key column " + name + " not found"));
    return new KeyColumn(name, MySqlTypeParser.parse(column.sourceType(), null).name());
  }

  boolean isInteger() {
    return INTEGERS.contains(type);
  }

  /** Bytes have no text form to carry a bound in. */
  boolean isBinary() {
    return BINARIES.contains(type);
  }

  void bind(PreparedStatement ps, int index, String bound) throws SQLException {
    if (isInteger() || type.equals("decimal")) {
      ps.setBigDecimal(index, new BigDecimal(bound));
    } else {
      ps.setString(index, bound);
    }
  }
}
