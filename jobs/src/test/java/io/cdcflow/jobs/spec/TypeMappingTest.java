package io.cdcflow.jobs.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.dialect.UnsupportedTypeException;
import io.cdcflow.catalog.discovery.ColumnSchema;
import io.cdcflow.catalog.discovery.ColumnSchema.TypeCategory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The documented type mapping (docs/type-mapping.md), one row per source type. */
class TypeMappingTest {

  @ParameterizedTest(name = "postgres {0} -> postgres {1}, mysql {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "smallint                       | smallint                       | smallint",
        "integer                        | integer                        | int",
        "bigint                         | bigint                         | bigint",
        "numeric(12,2)                  | numeric(12,2)                  | decimal(12,2)",
        "numeric                        | numeric                        | decimal(65,30)",
        "real                           | real                           | float",
        "double precision               | double precision               | double",
        "money                          | money                          | decimal(19,2)",
        "boolean                        | boolean                        | tinyint(1)",
        "character(6)                   | character(6)                   | char(6)",
        "character varying(40)          | character varying(40)          | varchar(40)",
        "character varying(1000)        | character varying(1000)        | text",
        "character varying              | character varying              | longtext",
        "text                           | text                           | longtext",
        "bytea                          | bytea                          | longblob",
        "date                           | date                           | date",
        "time without time zone         | time                           | time(6)",
        "time(3) with time zone         | time(3) with time zone         | time(3)",
        "timestamp(3) without time zone | timestamp(3)                   | datetime(3)",
        "timestamp with time zone       | timestamp with time zone       | datetime(6)",
        "interval                       | interval                       | varchar(64)",
        "json                           | json                           | json",
        "jsonb                          | jsonb                          | json",
        "uuid                           | uuid                           | char(36)",
        "xml                            | xml                            | longtext",
        "inet                           | inet                           | varchar(43)",
        "bit(8)                         | bit(8)                         | bit(8)",
        "bit varying(5)                 | bit varying(5)                 | ",
        "integer[]                      | integer[]                      | json",
        "text[]                         | text[]                         | json",
      })
  void postgresColumns(String declared, String toPostgres, String toMySql) {
    ColumnSchema column = pg(declared);
    assertThat(map(DatabaseType.POSTGRES, column, DatabaseType.POSTGRES)).isEqualTo(toPostgres);
    if (toMySql == null) {
      assertThatThrownBy(() -> map(DatabaseType.POSTGRES, column, DatabaseType.MYSQL))
          .isInstanceOf(UnsupportedTypeException.class);
    } else {
      assertThat(map(DatabaseType.POSTGRES, column, DatabaseType.MYSQL)).isEqualTo(toMySql);
    }
  }

  @ParameterizedTest(name = "mysql {0} -> postgres {1}, mysql {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "tinyint(4)                | smallint                    | tinyint",
        "tinyint(1)                | smallint                    | tinyint(1)",
        "tinyint(3) unsigned       | smallint                    | tinyint unsigned",
        "smallint(5) unsigned      | integer                     | smallint unsigned",
        "mediumint(8) unsigned     | integer                     | mediumint unsigned",
        "int(11)                   | integer                     | int",
        "int(10) unsigned          | bigint                      | int unsigned",
        "int(5) unsigned zerofill  | bigint                      | int(5) unsigned zerofill",
        "bigint(20)                | bigint                      | bigint",
        "bigint(20) unsigned       | numeric(20,0)               | bigint unsigned",
        "decimal(12,2)             | numeric(12,2)               | decimal(12,2)",
        "decimal(10,2) unsigned    | numeric(10,2)               | decimal(10,2) unsigned",
        "float                     | real                        | float",
        "double                    | double precision            | double",
        "bit(1)                    | boolean                     | bit(1)",
        "bit(8)                    | bit(8)                      | bit(8)",
        "char(6)                   | character(6)                | char(6)",
        "varchar(40)               | character varying(40)       | varchar(40)",
        "text                      | text                        | text",
        "longtext                  | text                        | longtext",
        "binary(4)                 | bytea                       | binary(4)",
        "varbinary(16)             | bytea                       | varbinary(16)",
        "blob                      | bytea                       | blob",
        "date                      | date                        | date",
        "time(6)                   | time(6)                     | time(6)",
        "datetime                  | timestamp(0)                | datetime",
        "datetime(6)               | timestamp(6)                | datetime(6)",
        "timestamp(3)              | timestamp(3) with time zone | timestamp(3)",
        "year(4)                   | smallint                    | year",
        "json                      | jsonb                       | json",
        "enum('a','b''c')          | text                        | enum('a','b''c')",
        "set('x','y')              | text                        | set('x','y')",
      })
  void mySqlColumns(String declared, String toPostgres, String toMySql) {
    ColumnSchema column = my(declared);
    assertThat(map(DatabaseType.MYSQL, column, DatabaseType.POSTGRES)).isEqualTo(toPostgres);
    assertThat(map(DatabaseType.MYSQL, column, DatabaseType.MYSQL)).isEqualTo(toMySql);
  }

  @Test
  void enumsDomainsAndArraysOfPostgres() {
    ColumnSchema mood =
        new ColumnSchema(
            "m",
            1,
            "mood",
            "mood",
            TypeCategory.ENUM,
            null,
            null,
            null,
            null,
            false,
            true,
            null,
            false,
            0,
            List.of("sad", "ok"));
    assertThat(map(DatabaseType.POSTGRES, mood, DatabaseType.POSTGRES)).isEqualTo("text");
    assertThat(map(DatabaseType.POSTGRES, mood, DatabaseType.MYSQL)).isEqualTo("varchar(255)");
    ColumnSchema domain =
        new ColumnSchema(
            "d",
            1,
            "posint",
            "posint",
            TypeCategory.DOMAIN,
            "numeric(8,2)",
            null,
            null,
            null,
            false,
            true,
            null,
            false,
            0,
            List.of());
    assertThat(map(DatabaseType.POSTGRES, domain, DatabaseType.POSTGRES)).isEqualTo("numeric(8,2)");
    ColumnSchema moods =
        new ColumnSchema(
            "ms",
            1,
            "mood[]",
            "mood[]",
            TypeCategory.ARRAY,
            "mood",
            null,
            null,
            null,
            false,
            true,
            null,
            false,
            0,
            List.of("sad"));
    assertThat(map(DatabaseType.POSTGRES, moods, DatabaseType.POSTGRES)).isEqualTo("text[]");
    ColumnSchema matrix =
        new ColumnSchema(
            "x",
            1,
            "numeric[]",
            "numeric(6,2)[]",
            TypeCategory.ARRAY,
            "numeric(6,2)",
            null,
            null,
            null,
            false,
            true,
            null,
            false,
            0,
            List.of());
    assertThat(map(DatabaseType.POSTGRES, matrix, DatabaseType.POSTGRES))
        .isEqualTo("numeric(6,2)[]");
  }

  @Test
  void keyColumnsGetBoundedTypesInMySql() {
    ColumnSchema text = pg("text");
    assertThat(
            Dialect.of(DatabaseType.MYSQL)
                .typeMapper()
                .targetType(DatabaseType.POSTGRES, text, true))
        .isEqualTo("varchar(768)");
    assertThat(
            Dialect.of(DatabaseType.MYSQL)
                .typeMapper()
                .targetType(DatabaseType.POSTGRES, pg("bytea"), true))
        .isEqualTo("varbinary(3072)");
    assertThatThrownBy(
            () ->
                Dialect.of(DatabaseType.MYSQL)
                    .typeMapper()
                    .targetType(DatabaseType.POSTGRES, pg("character varying(2000)"), true))
        .hasMessageContaining("key column holds at most 768");
  }

  @Test
  void unknownTypesFailNamingTheColumn() {
    assertThatThrownBy(() -> map(DatabaseType.POSTGRES, pg("point"), DatabaseType.POSTGRES))
        .isInstanceOf(UnsupportedTypeException.class)
        .hasMessage(
            "column 'c': postgres type 'point' cannot be mapped to postgres: not a type cdcflow copies");
    assertThatThrownBy(() -> map(DatabaseType.MYSQL, my("geometry"), DatabaseType.POSTGRES))
        .isInstanceOf(UnsupportedTypeException.class)
        .hasMessageContaining("mysql type 'geometry'");
    assertThatThrownBy(() -> map(DatabaseType.POSTGRES, pg("numeric(70,2)"), DatabaseType.MYSQL))
        .hasMessageContaining("at most 65 digits");
  }

  private static String map(DatabaseType source, ColumnSchema column, DatabaseType target) {
    return Dialect.of(target).typeMapper().targetType(source, column, false);
  }

  /** A column as the PostgreSQL introspector reports it (format_type with and without typmod). */
  private static ColumnSchema pg(String declared) {
    boolean array = declared.endsWith("[]");
    String base = array ? declared.substring(0, declared.length() - 2) : null;
    return new ColumnSchema(
        "c",
        1,
        declared.replaceAll("\\(.*?\\)", ""),
        declared,
        array ? TypeCategory.ARRAY : TypeCategory.BASE,
        base,
        null,
        null,
        null,
        false,
        true,
        null,
        false,
        0,
        List.of());
  }

  /** A column as the MySQL introspector reports it (DATA_TYPE, COLUMN_TYPE). */
  private static ColumnSchema my(String declared) {
    String dataType = declared.replaceAll("\\(.*", "").replaceAll(" .*", "");
    TypeCategory category =
        dataType.equals("enum")
            ? TypeCategory.ENUM
            : dataType.equals("set") ? TypeCategory.SET : TypeCategory.BASE;
    return new ColumnSchema(
        "c",
        1,
        dataType,
        declared,
        category,
        null,
        null,
        null,
        null,
        declared.contains("unsigned"),
        true,
        null,
        false,
        0,
        List.of());
  }
}
