package io.cdcflow.jobs.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.discovery.ColumnSchema;
import io.cdcflow.catalog.discovery.ColumnSchema.TypeCategory;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TableSchema;
import io.cdcflow.catalog.pipeline.PipelineMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineSpecJsonTest {

  static PipelineSpec sample() {
    ConnectionConfig source =
        new ConnectionConfig(
            DatabaseType.POSTGRES,
            "db1",
            5432,
            "shop",
            "cdc",
            "s3cret!",
            Map.of("sslmode", "disable"));
    ConnectionConfig target =
        new ConnectionConfig(DatabaseType.MYSQL, "db2", 3306, "", "writer", "pa\"ss", null);
    TableSpec orders =
        new TableSpec(
            new TableId("public", "orders"),
            new TableId("dwh", "orders"),
            List.of(
                new ColumnSpec("id", "bigint", TypeCategory.BASE, "bigint", false),
                new ColumnSpec("amount", "numeric(12,2)", TypeCategory.BASE, "decimal(12,2)", true),
                new ColumnSpec("tags", "text[]", TypeCategory.ARRAY, "json", true)),
            List.of("id"));
    return new PipelineSpec(
        "orders-to-dwh",
        "Orders to the warehouse",
        PipelineMode.FULL_LOAD_AND_CDC,
        source,
        target,
        List.of(orders),
        PipelineOptions.builder()
            .parallelism(4)
            .checkpointInterval(Duration.ofSeconds(30))
            .sinkFlushInterval(Duration.ofMillis(500))
            .build());
  }

  @Test
  void roundTripsThroughJsonUnchanged() {
    PipelineSpec spec = sample();
    String json = PipelineSpecJson.write(spec);
    assertThat(PipelineSpecJson.read(json)).isEqualTo(spec);
    assertThat(PipelineSpecJson.readBase64(PipelineSpecJson.writeBase64(spec))).isEqualTo(spec);
    assertThat(json)
        .contains("\"checkpointInterval\" : \"PT30S\"")
        .contains("\"type\" : \"postgres\"");
  }

  @Test
  void defaultsAreFilledAndDerivedFromTheId() {
    PipelineOptions o = sample().options();
    assertThat(o.snapshotChunkSize()).isEqualTo(PipelineOptions.DEFAULT_SNAPSHOT_CHUNK_SIZE);
    assertThat(o.slotName()).isEqualTo("cdcflow_orders_to_dwh");
    assertThat(o.publicationName()).isEqualTo("cdcflow_orders_to_dwh");
    assertThat(o.serverIdStart()).isBetween(100_000L, 2_000_100_000L);
    assertThat(o.serverIdRange()).isEqualTo(o.serverIdStart() + "-" + (o.serverIdStart() + 3));
    assertThat(
            new PipelineSpec("x", "x", PipelineMode.CDC_ONLY, null, null, null, null)
                .options()
                .slotName())
        .isEqualTo("cdcflow_x");
    String longId = "a-very-long-pipeline-identifier-that-goes-on-and-on-and-on";
    assertThat(PipelineOptions.defaults().resolvedFor(longId).slotName())
        .hasSizeLessThanOrEqualTo(48)
        .matches("[a-z0-9_]+");
  }

  @Test
  void toStringNeverShowsPasswords() {
    String text = sample().toString();
    assertThat(text).doesNotContain("s3cret!").doesNotContain("pa\"ss").contains("db1");
  }

  @Test
  void validationNamesEachBadField() {
    PipelineSpec spec = sample();
    TableSpec t = spec.tables().get(0);
    TableSpec badKey =
        new TableSpec(t.sourceTable(), t.targetTable(), t.columns(), List.of("x", "amount"));
    TableSpec unreadable =
        new TableSpec(
            new TableId("public", "order lines"),
            new TableId("dwh", "lines"),
            t.columns(),
            List.of("id"));
    PipelineSpec bad =
        new PipelineSpec(
            "bad id!",
            "",
            null,
            spec.source(),
            spec.target(),
            List.of(t, badKey, unreadable),
            spec.options().toBuilder().parallelism(0).slotName("Bad-Slot").build());
    assertThat(PipelineSpecValidator.errors(bad))
        .contains(
            "name: required",
            "mode: required (FULL_LOAD_ONLY, CDC_ONLY or FULL_LOAD_AND_CDC)",
            "tables[1].sourceTable: public.orders appears twice",
            "tables[1].targetTable: dwh.orders is written by two tables",
            "tables[1].keyColumns: column 'x' is not among the table's columns",
            "tables[1].keyColumns: column 'amount' is nullable; key columns cannot be",
            "options.parallelism: must be 1-256, was 0")
        .anyMatch(e -> e.startsWith("id: required"))
        .anyMatch(e -> e.startsWith("options.slotName: must be 1-50 lower-case"))
        .anyMatch(
            e -> e.startsWith("tables[2].sourceTable: 'public.order lines' cannot be captured"));
  }

  @Test
  void readingRejectsBadJsonWithThePath() {
    String json = PipelineSpecJson.write(sample());
    assertThatThrownBy(
            () ->
                PipelineSpecJson.read(
                    json.replace("\"parallelism\" : 4", "\"parallelism\" : \"four\"")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("options.parallelism");
    assertThatThrownBy(
            () -> PipelineSpecJson.read(json.replace("\"keyColumns\"", "\"keyColumnz\"")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("tables[0]")
        .hasMessageContaining("keyColumnz");
    assertThatThrownBy(
            () ->
                PipelineSpecJson.read(
                    json.replace("\"keyColumns\" : [ \"id\" ]", "\"keyColumns\" : [ \"nope\" ]")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining(
            "tables[0].keyColumns: column 'nope' is not among the table's columns");
    assertThatThrownBy(() -> PipelineSpecJson.read("{ not json"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void everyColumnATableCannotCopyIsNamedAtOnce() {
    TableSchema schema =
        new TableSchema(
            new TableId("shop", "places"),
            List.of(
                column("id", 1, "int", "int", false, 1),
                column("spot", 2, "point", "point", false, 0),
                column("area", 3, "polygon", "polygon", false, 0)),
            List.of("id"),
            null,
            null);
    assertThatThrownBy(
            () ->
                TableSpec.fromSchema(
                    schema,
                    new TableId("public", "places"),
                    DatabaseType.MYSQL,
                    DatabaseType.POSTGRES))
        .hasMessageStartingWith("2 columns cannot be copied")
        .hasMessageContaining("'spot'")
        .hasMessageContaining("'area'");
  }

  @Test
  void tableEntryFromDiscoveredSchemaMapsTypesAndKeys() {
    TableSchema schema =
        new TableSchema(
            new TableId("shop", "items"),
            List.of(
                column("id", 1, "bigint", "bigint unsigned", true, 1),
                column("flag", 2, "tinyint", "tinyint(1)", false, 0),
                column("color", 3, "enum", "enum('red','green')", false, 0),
                column("at", 4, "timestamp", "timestamp(3)", false, 0)),
            List.of("id"),
            null,
            null);
    TableSpec t =
        TableSpec.fromSchema(
            schema, new TableId("public", "items"), DatabaseType.MYSQL, DatabaseType.POSTGRES);
    assertThat(t.columns())
        .extracting(ColumnSpec::targetType)
        .containsExactly("numeric(20,0)", "smallint", "text", "timestamp(3) with time zone");
    assertThat(t.keyColumns()).containsExactly("id");
    assertThat(t.columns().get(0).nullable()).isFalse();
    TableSchema noKey = new TableSchema(schema.id(), schema.columns(), List.of(), null, null);
    assertThatThrownBy(
            () -> TableSpec.fromSchema(noKey, schema.id(), DatabaseType.MYSQL, DatabaseType.MYSQL))
        .hasMessageContaining("has no primary key");
  }

  private static ColumnSchema column(
      String name, int pos, String dataType, String columnType, boolean unsigned, int pk) {
    TypeCategory category = dataType.equals("enum") ? TypeCategory.ENUM : TypeCategory.BASE;
    List<String> labels = dataType.equals("enum") ? List.of("red", "green") : List.of();
    return new ColumnSchema(
        name,
        pos,
        dataType,
        columnType,
        category,
        null,
        null,
        null,
        null,
        unsigned,
        pk == 0,
        null,
        false,
        pk,
        labels);
  }
}
