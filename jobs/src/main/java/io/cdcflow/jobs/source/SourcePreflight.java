package io.cdcflow.jobs.source;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.connection.PrerequisiteCheck;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.dialect.postgres.PostgresReplication;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.jobs.PipelineSetupException;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the source must offer before a job is worth starting, checked in a second instead of a
 * failing job minutes later: the connection, the CDC prerequisites (logical WAL or row binlog,
 * replication privileges; not for a COPY full load, which reads only tables), every table present
 * with its columns, a primary key and SELECT granted. Then it makes what the source part needs: the
 * PostgreSQL publication (again not for a COPY full load) and, before a COPY that the log follows,
 * the slot; the MySQL time zone.
 */
public final class SourcePreflight {

  private static final Logger LOG = LoggerFactory.getLogger(SourcePreflight.class);

  private SourcePreflight() {}

  /** Returns the spec with the MySQL server time zone filled in when it was not given. */
  public static PipelineSpec prepare(PipelineSpec spec) {
    ConnectionConfig config = spec.source();
    Dialect dialect = Dialect.of(config.type());
    try (Connection c = JdbcConnector.open(config)) {
      List<String> problems = new ArrayList<>();
      // a COPY full load reads tables, not the log: SELECT is all it needs
      boolean readsLog = !SourceTranslator.readsEachRowOnce(spec);
      for (PrerequisiteCheck check :
          readsLog ? dialect.checkPrerequisites(c, config) : List.<PrerequisiteCheck>of()) {
        if (!check.passed()) {
          problems.add("source " + check.name() + ": " + check.detail());
        }
      }
      for (int i = 0; i < spec.tables().size(); i++) {
        TableSpec table = spec.tables().get(i);
        problems.addAll(
            checkTable(
                c, dialect, config, i, table, spec.copiedTables().contains(table.sourceTable())));
      }
      if (!problems.isEmpty()) {
        throw new PipelineSetupException(problems, null);
      }
      if (config.type() == DatabaseType.POSTGRES) {
        if (readsLog) {
          ensurePublication(c, spec);
        }
        if (readsLog && SourceTranslator.copiesByCopy(spec)) {
          ensureSlot(c, spec);
        }
        return spec;
      }
      if (spec.options().serverTimeZone() == null) {
        String zone = serverTimeZone(c);
        LOG.info("MySQL source {} runs in time zone {}", config, zone);
        return spec.withOptions(spec.options().toBuilder().serverTimeZone(zone).build());
      }
      return spec;
    } catch (SQLException e) {
      throw new PipelineSetupException("cannot reach source " + config + ": " + e.getMessage(), e);
    }
  }

  private static List<String> checkTable(
      Connection c,
      Dialect dialect,
      ConnectionConfig config,
      int index,
      TableSpec table,
      boolean logOnly)
      throws SQLException {
    String at = "tables[" + index + "].sourceTable " + table.sourceTable();
    TableId id = table.sourceTable();
    if (!exists(c, config.type(), id)) {
      return List.of(
          at
              + ": no such table in "
              + config
              + (config.type() == DatabaseType.MYSQL
                  ? " (or the user has no privilege on it)"
                  : ""));
    }
    List<String> problems = new ArrayList<>();
    if (config.type() == DatabaseType.POSTGRES && !pgCanSelect(c, id)) {
      return List.of(at + ": user " + config.username() + " lacks SELECT on it");
    }
    // a table the job only reads the log of has the spec's columns as of its last run, which may
    // since have been renamed or dropped (the log says so, in order): only its key must be there
    String columns =
        (logOnly ? table.keyColumns() : table.columnNames())
            .stream().map(dialect::quoteIdentifier).collect(Collectors.joining(", "));
    try (Statement st = c.createStatement()) {
      st.executeQuery("SELECT " + columns + " FROM " + dialect.quote(id) + " WHERE 1 = 0").close();
    } catch (SQLException e) {
      problems.add(at + ": cannot read its columns: " + e.getMessage());
    }
    if (!hasPrimaryKey(c, config.type(), id)) {
      problems.add(
          at + ": has no primary key; the parallel snapshot splits a table by its primary key");
    }
    return problems;
  }

  private static boolean exists(Connection c, DatabaseType type, TableId id) throws SQLException {
    String sql =
        type == DatabaseType.POSTGRES
            ? "SELECT 1 FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE n.nspname = ? AND r.relname = ? AND r.relkind IN ('r', 'p')"
            : "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?";
    return queryHasRow(c, sql, id);
  }

  private static boolean pgCanSelect(Connection c, TableId id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT has_table_privilege(r.oid, 'SELECT') FROM pg_class r"
                + " JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE n.nspname = ? AND r.relname = ?")) {
      ps.setString(1, id.schema());
      ps.setString(2, id.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static boolean hasPrimaryKey(Connection c, DatabaseType type, TableId id)
      throws SQLException {
    if (type == DatabaseType.MYSQL) {
      // information_schema.table_constraints hides rows from users holding only the CDC grants
      // on MariaDB; SHOW KEYS needs nothing beyond SELECT on the table
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SHOW KEYS FROM " + Dialect.of(type).quote(id) + " WHERE Key_name = 'PRIMARY'")) {
        return rs.next();
      }
    }
    return queryHasRow(
        c,
        "SELECT 1 FROM pg_index i JOIN pg_class r ON r.oid = i.indrelid"
            + " JOIN pg_namespace n ON n.oid = r.relnamespace"
            + " WHERE n.nspname = ? AND r.relname = ? AND i.indisprimary",
        id);
  }

  private static boolean queryHasRow(Connection c, String sql, TableId id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id.schema());
      ps.setString(2, id.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void ensurePublication(Connection c, PipelineSpec spec) {
    String publication = spec.options().publicationName();
    List<TableId> tables = spec.tables().stream().map(TableSpec::sourceTable).toList();
    try {
      new PostgresReplication(c).ensurePublication(publication, tables);
    } catch (SQLException e) {
      throw new PipelineSetupException(
          "cannot create or update publication "
              + publication
              + " on "
              + spec.source()
              + " (the user must own the tables): "
              + e.getMessage(),
          e);
    }
  }

  /** The slot comes before the copy: the log from its start brings every copied row up to date. */
  private static void ensureSlot(Connection c, PipelineSpec spec) {
    String slot = spec.options().slotName();
    try {
      new PostgresReplication(c).ensureSlot(slot);
    } catch (SQLException e) {
      throw new PipelineSetupException(
          "cannot create replication slot " + slot + " on " + spec.source() + ": " + e.getMessage(),
          e);
    }
  }

  /** The zone the server interprets TIMESTAMP values in, as Flink CDC must be told. */
  static String serverTimeZone(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT @@session.time_zone, @@system_time_zone,"
                    + " TIME_TO_SEC(TIMEDIFF(NOW(), UTC_TIMESTAMP()))")) {
      rs.next();
      String zone = rs.getString(1);
      String system = rs.getString(2);
      int offsetSeconds = rs.getInt(3);
      String candidate = "SYSTEM".equalsIgnoreCase(zone) ? system : zone;
      try {
        return ZoneId.of(candidate, ZoneId.SHORT_IDS).getId();
      } catch (RuntimeException notAZone) {
        // abbreviations like CEST are not zone ids: fall back to the current offset
      }
      return ZoneOffset.ofTotalSeconds(offsetSeconds).getId();
    }
  }
}
