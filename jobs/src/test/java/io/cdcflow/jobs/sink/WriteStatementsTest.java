package io.cdcflow.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.dialect.ColumnDefinition;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.dialect.TableDefinition;
import io.cdcflow.catalog.dialect.postgres.PostgresWriteStatements;
import io.cdcflow.catalog.discovery.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQL the sink and the table creation run: every identifier quoted by the dialect. */
class WriteStatementsTest {

  private static final TableId T = new TableId("my \"schema\"", "or`ders");

  @Test
  void postgresStatements() {
    Dialect pg = Dialect.of(DatabaseType.POSTGRES);
    assertThat(pg.writeStatements().upsert(T, List.of("id", "a b", "c"), List.of("id")))
        .isEqualTo(
            "INSERT INTO \"my \"\"schema\"\"\".\"or`ders\" (\"id\", \"a b\", \"c\") VALUES (?, ?, ?)"
                + " ON CONFLICT (\"id\") DO UPDATE SET \"a b\" = EXCLUDED.\"a b\", \"c\" = EXCLUDED.\"c\"");
    assertThat(pg.writeStatements().upsert(T, List.of("k1", "k2"), List.of("k1", "k2")))
        .endsWith("ON CONFLICT (\"k1\", \"k2\") DO NOTHING");
    assertThat(pg.writeStatements().update(T, List.of("c"), List.of("k1", "k2")))
        .isEqualTo(
            "UPDATE \"my \"\"schema\"\"\".\"or`ders\" SET \"c\" = ? WHERE \"k1\" = ? AND \"k2\" = ?");
    assertThat(pg.writeStatements().delete(T, List.of("id")))
        .isEqualTo("DELETE FROM \"my \"\"schema\"\"\".\"or`ders\" WHERE \"id\" = ?");
    assertThat(pg.ddl().createSchemaIfMissing("my \"schema\""))
        .isEqualTo("CREATE SCHEMA IF NOT EXISTS \"my \"\"schema\"\"\"");
    assertThat(pg.ddl().createTableIfMissing(table()))
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS \"my \"\"schema\"\"\".\"or`ders\" (\"id\" bigint NOT NULL,"
                + " \"note\" text, PRIMARY KEY (\"id\"))");
    assertThat(pg.ddl().addColumn(T, new ColumnDefinition("x", "integer", true)))
        .isEqualTo(
            "ALTER TABLE \"my \"\"schema\"\"\".\"or`ders\" ADD COLUMN IF NOT EXISTS \"x\" integer");
  }

  @Test
  void postgresBulkStatements() {
    PostgresWriteStatements pg = PostgresWriteStatements.INSTANCE;
    List<String> columns = List.of("id", "a b");
    assertThat(pg.createStage("s\"1", T, columns))
        .isEqualTo(
            "CREATE TEMPORARY TABLE IF NOT EXISTS \"s\"\"1\" ON COMMIT DELETE ROWS AS SELECT"
                + " \"id\", \"a b\" FROM \"my \"\"schema\"\"\".\"or`ders\" WITH NO DATA");
    assertThat(pg.copyIntoStage("s", columns))
        .isEqualTo("COPY pg_temp.\"s\" (\"id\", \"a b\") FROM STDIN");
    assertThat(pg.copyInto(T, columns))
        .isEqualTo("COPY \"my \"\"schema\"\"\".\"or`ders\" (\"id\", \"a b\") FROM STDIN");
    assertThat(pg.upsertFromStage(T, "s", columns, List.of("id")))
        .isEqualTo(
            "INSERT INTO \"my \"\"schema\"\"\".\"or`ders\" (\"id\", \"a b\") SELECT \"id\","
                + " \"a b\" FROM pg_temp.\"s\" ON CONFLICT (\"id\") DO UPDATE SET"
                + " \"a b\" = EXCLUDED.\"a b\"");
  }

  @Test
  void mySqlStatements() {
    Dialect my = Dialect.of(DatabaseType.MYSQL);
    assertThat(my.writeStatements().upsert(T, List.of("id", "a b"), List.of("id")))
        .isEqualTo(
            "INSERT INTO `my \"schema\"`.`or``ders` (`id`, `a b`) VALUES (?, ?)"
                + " ON DUPLICATE KEY UPDATE `a b` = VALUES(`a b`)");
    assertThat(my.writeStatements().upsert(T, List.of("k"), List.of("k")))
        .endsWith("ON DUPLICATE KEY UPDATE `k` = VALUES(`k`)");
    assertThat(my.writeStatements().delete(T, List.of("k1", "k2")))
        .isEqualTo("DELETE FROM `my \"schema\"`.`or``ders` WHERE `k1` = ? AND `k2` = ?");
    assertThat(my.ddl().createTableIfMissing(table()))
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS `my \"schema\"`.`or``ders` (`id` bigint NOT NULL, `note` text NULL,"
                + " PRIMARY KEY (`id`)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
  }

  private static TableDefinition table() {
    return new TableDefinition(
        T,
        List.of(
            new ColumnDefinition("id", "bigint", false),
            new ColumnDefinition("note", "text", true)),
        List.of("id"));
  }
}
