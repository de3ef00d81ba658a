package io.cdcflow.catalog.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.testing.TestDatabaseServer;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Emptying a pipeline's target tables for a fresh copy: tables linked by a foreign key are emptied
 * whichever comes first, a table that does not exist is left out, and on PostgreSQL a table another
 * table's key still refers to fails the whole statement, leaving every table as it was.
 */
class TargetTablesEmptyTest {

  @Test
  void postgresEmptiesLinkedTablesTogetherOrNone() throws SQLException {
    TestPostgres pg = TestPostgres.shared();
    String db = pg.createDatabase("empty_pg");
    pg.execute(
        db,
        "CREATE TABLE public.parent (id int PRIMARY KEY)",
        "CREATE TABLE public.child (id int PRIMARY KEY, parent int REFERENCES public.parent(id))",
        "INSERT INTO public.parent SELECT generate_series(1, 10)",
        "INSERT INTO public.child SELECT g, g FROM generate_series(1, 10) g");
    TableId parent = new TableId("public", "parent");
    TableId child = new TableId("public", "child");
    TableId missing = new TableId("public", "missing");

    // the referenced table first: TRUNCATE of it alone would be refused
    assertThat(empty(pg, db, List.of(parent, child, missing))).containsExactly(parent, child);
    assertThat(rows(pg, db, "parent")).isEqualTo("0");
    assertThat(rows(pg, db, "child")).isEqualTo("0");

    pg.execute(
        db,
        "INSERT INTO public.parent SELECT generate_series(1, 10)",
        "CREATE TABLE public.other (id int PRIMARY KEY)",
        "INSERT INTO public.other SELECT generate_series(1, 5)",
        "CREATE TABLE public.note (parent int REFERENCES public.parent(id))");
    TableId other = new TableId("public", "other");
    // note is no target: its key makes the parent unemptiable, and other stays as it was too
    assertThatThrownBy(() -> empty(pg, db, List.of(other, parent)))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("foreign key");
    assertThat(rows(pg, db, "other")).isEqualTo("5");
    assertThat(rows(pg, db, "parent")).isEqualTo("10");
  }

  @Test
  void mariaDbEmptiesTablesOtherTablesReferTo() throws SQLException {
    TestMariaDb maria = TestMariaDb.shared();
    String db = maria.createDatabase("empty_my");
    maria.execute(
        db,
        "CREATE TABLE parent (id int PRIMARY KEY)",
        "CREATE TABLE child (id int PRIMARY KEY, parent int, FOREIGN KEY (parent) REFERENCES"
            + " parent(id))",
        "INSERT INTO parent VALUES (1), (2), (3)",
        "INSERT INTO child VALUES (1, 1), (2, 2)");
    TableId parent = new TableId(db, "parent");
    TableId child = new TableId(db, "child");

    try (Connection c = maria.connect(db)) {
      assertThat(new TargetTables(Dialect.of(maria.type())).empty(c, List.of(parent, child)))
          .containsExactly(parent, child);
      // the connection's key checks are on again: a sink writing through it keeps them
      var rs = c.createStatement().executeQuery("SELECT @@foreign_key_checks");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    assertThat(rows(maria, db, "parent")).isEqualTo("0");
    assertThat(rows(maria, db, "child")).isEqualTo("0");
  }

  private static List<TableId> empty(TestDatabaseServer server, String db, List<TableId> tables)
      throws SQLException {
    try (Connection c = server.connect(db)) {
      return new TargetTables(Dialect.of(server.type())).empty(c, tables);
    }
  }

  private static String rows(TestDatabaseServer server, String db, String table) {
    return server.queryString(db, "SELECT count(*) FROM " + table);
  }
}
