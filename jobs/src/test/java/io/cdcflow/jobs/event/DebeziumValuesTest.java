package io.cdcflow.jobs.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
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
}
