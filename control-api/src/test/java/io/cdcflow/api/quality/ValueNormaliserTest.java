package io.cdcflow.api.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.testing.TestDatabaseServer;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The same values as PostgreSQL and MariaDB hold them, as cdcflow copies them (an instant into a
 * UTC {@code datetime(6)}, fixed-width text, a year into a number), read to one text each; a
 * changed value reads differently.
 */
class ValueNormaliserTest {

  private static final TestPostgres PG = TestPostgres.shared();
  private static final TestMariaDb MARIA = TestMariaDb.shared();

  @Test
  void equalValuesOfBothDatabasesReadAlike() throws Exception {
    String pg = PG.createDatabase("norm_pg");
    String maria = MARIA.createDatabase("norm_my");
    PG.execute(
        pg,
        "CREATE TABLE t (at timestamptz, code char(4), y smallint)",
        "INSERT INTO t VALUES ('2024-05-06 11:34:33.25+02', 'ab', 2006)");
    MARIA.execute(
        maria,
        "CREATE TABLE t (at datetime(6), code char(4), y year)",
        "INSERT INTO t VALUES ('2024-05-06 09:34:33.250000', 'ab', 2006)");
    assertThat(row(PG, pg, DatabaseType.POSTGRES)).isEqualTo(row(MARIA, maria, DatabaseType.MYSQL));
    assertThat(row(PG, pg, DatabaseType.POSTGRES))
        .containsExactly("2024-05-06T09:34:33.25", "ab", "2006");

    MARIA.execute(maria, "UPDATE t SET at = '2024-05-06 09:34:33.260000', code = 'ac'");
    assertThat(row(MARIA, maria, DatabaseType.MYSQL))
        .containsExactly("2024-05-06T09:34:33.26", "ac", "2006");
  }

  private static List<String> row(TestDatabaseServer server, String db, DatabaseType type)
      throws Exception {
    try (Connection c = server.connect(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT at, code, y FROM t")) {
      ResultSetMetaData md = rs.getMetaData();
      rs.next();
      List<String> values = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        values.add(
            ValueNormaliser.read(
                rs,
                i,
                md.getColumnType(i),
                md.getColumnTypeName(i).toLowerCase(Locale.ROOT),
                type,
                false,
                md.getColumnName(i).equals("code")));
      }
      return values;
    }
  }
}
