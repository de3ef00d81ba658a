package io.cdcflow.catalog.dialect;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.discovery.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the tables a pipeline writes to exist on a target: creates missing schemas and tables (with
 * their primary key) and adds columns missing from existing tables. Safe to run again and while
 * another process does the same. The pipeline job runs it before it starts; the control API can run
 * it to "create the target schema now".
 */
public final class TargetTables {

  private static final Logger LOG = LoggerFactory.getLogger(TargetTables.class);

  private final Dialect dialect;

  public TargetTables(Dialect dialect) {
    this.dialect = dialect;
  }

  /**
   * Creates the missing schemas and tables, and adds the missing columns to the tables that exist;
   * returns what it did, one line per change ("created table s.t").
   */
  public List<String> ensure(Connection connection, List<TableDefinition> tables)
      throws SQLException {
    return ensure(connection, tables, true);
  }

  /**
   * Creates the missing schemas and tables only. For tables whose job follows its source's column
   * changes itself: a column missing there may have been renamed or dropped on purpose.
   */
  public List<String> ensureTables(Connection connection, List<TableDefinition> tables)
      throws SQLException {
    return ensure(connection, tables, false);
  }

  private List<String> ensure(
      Connection connection, List<TableDefinition> tables, boolean addColumns) throws SQLException {
    List<String> actions = new ArrayList<>();
    Set<String> schemas = new LinkedHashSet<>();
    tables.forEach(t -> schemas.add(t.id().schema()));
    try (Statement st = connection.createStatement()) {
      for (String schema : schemas) {
        if (!schemaExists(connection, schema)) {
          st.execute(dialect.ddl().createSchemaIfMissing(schema));
          actions.add("created schema " + schema);
        }
      }
      for (TableDefinition table : tables) {
        Set<String> existing = columns(connection, table.id());
        if (existing.isEmpty()) {
          st.execute(dialect.ddl().createTableIfMissing(table));
          actions.add("created table " + table.id());
          continue;
        }
        if (!addColumns) {
          continue;
        }
        for (ColumnDefinition column : table.columns()) {
          if (!existing.contains(column.name())) {
            // an added column cannot be NOT NULL on a table that has rows
            ColumnDefinition nullable =
                new ColumnDefinition(column.name(), column.type(), true, column.defaultLiteral());
            addColumn(connection, table.id(), nullable);
            actions.add("added column " + column.name() + " to " + table.id());
          }
        }
      }
    }
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
    actions.forEach(a -> LOG.info("target {}: {}", dialect.type().id(), a));
    return actions;
  }

  /** Adds a column unless it exists; a concurrent writer adding it first is not an error. */
  public void addColumn(Connection connection, TableId table, ColumnDefinition column)
      throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(dialect.ddl().addColumn(table, column));
    } catch (SQLException e) {
      if (!dialect.ddl().isDuplicateColumn(e)) {
        throw e;
      }
    }
  }

  /**
   * Renames a column unless the table has the new name and not the old one already (a concurrent
   * writer renamed it first, or the job restarted after it did).
   */
  public void renameColumn(Connection connection, TableId table, String from, String to)
      throws SQLException {
    // renamed already (by another writer, or before a restart); a column of the old name as
    // well was put back by someone, and keeps what it has
    if (columns(connection, table).contains(to)) {
      return;
    }
    execute(connection, dialect.ddl().renameColumn(table, from, to));
  }

  /** A column's declared type as the target writes it ("character varying(100)", "bigint(20)"). */
  public Optional<String> columnType(Connection connection, TableId table, String column)
      throws SQLException {
    String sql =
        dialect.type() == DatabaseType.POSTGRES
            ? "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attname = ? AND NOT a.attisdropped"
            : "SELECT column_type FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? AND column_name = ?";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, table.schema());
      ps.setString(2, table.name());
      ps.setString(3, column);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Changes a column's type; running it again is harmless. */
  public void alterColumnType(Connection connection, TableId table, ColumnDefinition column)
      throws SQLException {
    execute(connection, dialect.ddl().alterColumnType(table, column));
  }

  /** Lets a column take NULL; running it again is harmless. */
  public void dropNotNull(Connection connection, TableId table, ColumnDefinition column)
      throws SQLException {
    execute(connection, dialect.ddl().dropNotNull(table, column));
  }

  /** Drops a column unless it is gone already. */
  public void dropColumn(Connection connection, TableId table, String column) throws SQLException {
    if (columns(connection, table).contains(column)) {
      execute(connection, dialect.ddl().dropColumn(table, column));
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    }
  }

  /**
   * Empties the tables that exist, for a copy that starts over; returns those it emptied. Where the
   * target allows, all of them or none ({@link SchemaDdl#empty}).
   */
  public List<TableId> empty(Connection connection, List<TableId> tables) throws SQLException {
    List<TableId> existing = new ArrayList<>();
    for (TableId table : tables) {
      if (!columns(connection, table).isEmpty()) {
        existing.add(table);
      }
    }
    if (existing.isEmpty()) {
      return existing;
    }
    try (Statement st = connection.createStatement()) {
      for (String statement : dialect.ddl().empty(existing)) {
        st.execute(statement);
      }
    }
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
    return existing;
  }

  /** The table's column names, empty when the table does not exist. */
  public Set<String> columns(Connection connection, TableId table) throws SQLException {
    Set<String> names = new HashSet<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ?")) {
      ps.setString(1, table.schema());
      ps.setString(2, table.name());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }

  private boolean schemaExists(Connection connection, String schema) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
