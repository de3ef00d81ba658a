package io.cdcflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class TestDatabasesSmokeTest {

  @Test
  void postgresHasLogicalWal() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String db = pg.createDatabase("smoke");
    try (Connection c = pg.connect(db);
        ResultSet rs = c.createStatement().executeQuery("SHOW wal_level")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("logical");
    }
  }

  @Test
  void mariadbHasRowBinlog() throws Exception {
    TestMariaDb maria = TestMariaDb.shared();
    String db = maria.createDatabase("smoke");
    try (Connection c = maria.connect(db);
        ResultSet rs = c.createStatement().executeQuery("SELECT @@log_bin, @@binlog_format")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("1");
      assertThat(rs.getString(2)).isEqualTo("ROW");
    }
  }
}
