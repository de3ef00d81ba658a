package io.cdcflow.jobs.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.jobs.event.TypeWidening.Change;
import org.junit.jupiter.api.Test;

class TypeWideningTest {

  @Test
  void integersFloatsAndNumericsWidenToTypesThatHoldEveryValue() {
    assertThat(TypeWidening.of("integer", "bigint")).isEqualTo(Change.WIDER);
    assertThat(TypeWidening.of("smallint", "integer")).isEqualTo(Change.WIDER);
    assertThat(TypeWidening.of("int(11)", "bigint(20)")).isEqualTo(Change.WIDER);
    assertThat(TypeWidening.of("int unsigned", "bigint")).isEqualTo(Change.WIDER);
    assertThat(TypeWidening.of("real", "double precision")).isEqualTo(Change.WIDER);
    assertThat(TypeWidening.of("numeric(8,2)", "numeric(12,2)")).isEqualTo(Change.WIDER);
    assertThat(TypeWidening.of("numeric(8,2)", "numeric(10,4)")).isEqualTo(Change.WIDER);
    assertThat(TypeWidening.of("decimal(8,2)", "decimal")).isEqualTo(Change.WIDER);
  }

  @Test
  void stringsWidenToLongerOnes() {
    assertThat(TypeWidening.of("character varying(10)", "character varying(100)"))
        .isEqualTo(Change.WIDER);
    assertThat(TypeWidening.of("varchar(10)", "text")).isEqualTo(Change.WIDER);
    assertThat(TypeWidening.of("varchar(10)", "mediumtext")).isEqualTo(Change.WIDER);
    assertThat(TypeWidening.of("text", "longtext")).isEqualTo(Change.WIDER);
    assertThat(TypeWidening.of("varbinary(16)", "varbinary(64)")).isEqualTo(Change.WIDER);
  }

  @Test
  void narrowingsAndOtherChangesAreNotWidenings() {
    assertThat(TypeWidening.of("bigint", "integer")).isEqualTo(Change.OTHER);
    assertThat(TypeWidening.of("integer", "int unsigned")).isEqualTo(Change.OTHER);
    assertThat(TypeWidening.of("bigint unsigned", "bigint")).isEqualTo(Change.OTHER);
    assertThat(TypeWidening.of("numeric(12,2)", "numeric(12,4)")).isEqualTo(Change.OTHER);
    assertThat(TypeWidening.of("character varying(100)", "character varying(10)"))
        .isEqualTo(Change.OTHER);
    assertThat(TypeWidening.of("text", "integer")).isEqualTo(Change.OTHER);
    assertThat(TypeWidening.of("integer", "text")).isEqualTo(Change.OTHER);
    assertThat(TypeWidening.of("timestamp", "timestamp with time zone")).isEqualTo(Change.OTHER);
  }

  @Test
  void theSameTypeSpelledAlikeIsTheSame() {
    assertThat(TypeWidening.of("Integer", "integer")).isEqualTo(Change.SAME);
    assertThat(TypeWidening.of("int(11)", "int")).isEqualTo(Change.SAME);
  }
}
