package io.cdcflow.jobs.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.catalog.connection.DatabaseType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DebeziumValuesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-01-31T10:15:30Z",
        "2024-01-31T10:15:30.1Z",
        "2024-01-31T10:15:30.123456Z",
        "2024-01-31T10:15:30.123456789Z",
        "1970-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999Z",
        "2024-02-29T23:59:59.5+05:30",
        "2024-02-29T23:59:59-00:30",
        "2024-02-29T23:59:59.000001-12:00",
        "+10000-01-01T00:00:00Z",
        "-0044-03-15T12:00:00Z",
        "2024-01-31T10:15Z",
        "2024-01-31T10:15:30+05:30:15",
        "2024-01-31T10:15:30.Z",
      })
  void zonedTimestampsReadAsJavaTimeReadsThem(String text) {
    assertThat(DebeziumValues.zonedTimestamp(text)).isEqualTo(OffsetDateTime.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2023-02-29T10:15:30Z",
        "2024-01-31T24:15:30Z",
        "2024-01-31T10:15:30.1234567890Z",
        "2024-01-31T10:15:30+19:00",
        "2024-01-31 10:15:30Z",
        "2024-01-31T10:15:30",
      })
  void whatJavaTimeRefusesIsRefused(String text) {
    assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeException.class);
    assertThatThrownBy(() -> DebeziumValues.zonedTimestamp(text))
        .isInstanceOf(DateTimeException.class);
  }

  private static Object convert(Schema schema, DatabaseType target, String targetType, Object v) {
    return DebeziumValues.converter("public.t.c", schema, target, targetType, "__unavailable")
        .convert(v);
  }

  private static SchemaBuilder fromSource(SchemaBuilder schema, String sourceType) {
    return schema.parameter("__debezium.source.column.type", sourceType);
  }

  /** PostgreSQL numerics arrive as text (decimal.handling.mode=string). */
  @Test
  void numericTextIsADecimalAndItsSpecialValuesPostgresText() {
    Schema numeric = fromSource(SchemaBuilder.string(), "NUMERIC").build();
    assertThat(convert(numeric, DatabaseType.MYSQL, "decimal(10,2)", "12.50"))
        .isEqualTo(new BigDecimal("12.50"));
    assertThat(convert(numeric, DatabaseType.POSTGRES, "numeric", "NAN")).isEqualTo("NaN");
    assertThat(convert(numeric, DatabaseType.POSTGRES, "numeric", "NEGATIVE_INFINITY"))
        .isEqualTo("-Infinity");
    assertThatThrownBy(() -> convert(numeric, DatabaseType.MYSQL, "decimal", "POSITIVE_INFINITY"))
        .isInstanceOf(UnwritableValueException.class)
        .hasMessage("the value Infinity has no MySQL/MariaDB equivalent");
    // a plain text column is left alone, whatever it holds
    Schema text = fromSource(SchemaBuilder.string(), "TEXT").build();
    assertThat(convert(text, DatabaseType.MYSQL, "text", "NAN")).isEqualTo("NAN");
  }

  @Test
  void numericArrayElementsAreDecimalsToo() {
    Schema array =
        fromSource(SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA), "_NUMERIC").build();
    assertThat(convert(array, DatabaseType.MYSQL, "json", Arrays.asList("1.5", null, "2")))
        .isEqualTo("[1.5,null,2]");
    assertThat(convert(array, DatabaseType.POSTGRES, "numeric[]", List.of("1.5", "NAN")))
        .isEqualTo("{\"1.5\",\"NaN\"}"); // quoted elements: PostgreSQL reads them by type
  }

  @Test
  void debeziumsStandInsForInfinityAreInfinity() {
    Schema date = SchemaBuilder.int32().name("io.debezium.time.Date").build();
    Schema micros = SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build();
    // what Debezium 1.9.8 sends for them: the days of -5877611-06-21 (for +infinity!) and the
    // microseconds of -290308-12-21T19:59:27.6
    long positiveDay = -2147472692L;
    long negativeMicros = -9223372036832400000L;
    assertThat(convert(date, DatabaseType.POSTGRES, "date", (int) positiveDay))
        .isEqualTo("infinity");
    assertThat(convert(micros, DatabaseType.POSTGRES, "timestamp", negativeMicros))
        .isEqualTo("-infinity");
    assertThat(convert(micros, DatabaseType.POSTGRES, "timestamp", 0L))
        .isEqualTo(java.time.LocalDateTime.of(1970, 1, 1, 0, 0));
    assertThatThrownBy(() -> convert(date, DatabaseType.MYSQL, "date", (int) positiveDay))
        .hasMessageContaining("infinity has no MySQL/MariaDB equivalent");
    Schema zoned = SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build();
    assertThat(convert(zoned, DatabaseType.POSTGRES, "timestamptz", "-infinity"))
        .isEqualTo("-infinity");
  }

  /** Connector/J inlined NaN into the statement: MariaDB took it for a column's name. */
  @Test
  void nanAndInfiniteFloatsAreRefusedForMySqlOnly() {
    Schema real = Schema.FLOAT32_SCHEMA;
    Schema dp = Schema.FLOAT64_SCHEMA;
    assertThatThrownBy(() -> convert(dp, DatabaseType.MYSQL, "double", Double.NaN))
        .isInstanceOf(UnwritableValueException.class)
        .hasMessage("the value NaN has no MySQL/MariaDB equivalent");
    assertThatThrownBy(() -> convert(real, DatabaseType.MYSQL, "float", Float.NEGATIVE_INFINITY))
        .hasMessage("the value -Infinity has no MySQL/MariaDB equivalent");
    assertThat(convert(dp, DatabaseType.MYSQL, "double", 1.5d)).isEqualTo(1.5d);
    assertThat(convert(dp, DatabaseType.POSTGRES, "double precision", Double.NaN))
        .isEqualTo(Double.NaN);
  }

  /** An unbounded varbit's length parameter is 2^31-1: it once asked for a 2 GB string. */
  @Test
  void aVarbitIsItsSignificantBits() {
    Schema varbit =
        fromSource(SchemaBuilder.bytes().name("io.debezium.data.Bits"), "VARBIT")
            .parameter("length", String.valueOf(Integer.MAX_VALUE))
            .build();
    assertThat(convert(varbit, DatabaseType.POSTGRES, "bit varying", new byte[] {0x0b}))
        .isEqualTo("1011");
    assertThat(convert(varbit, DatabaseType.POSTGRES, "bit varying", ByteBuffer.wrap(new byte[0])))
        .isEqualTo("");
    Schema fixed =
        SchemaBuilder.bytes().name("io.debezium.data.Bits").parameter("length", "6").build();
    assertThat(convert(fixed, DatabaseType.POSTGRES, "bit(6)", new byte[] {0x0b}))
        .isEqualTo("001011");
  }
}
