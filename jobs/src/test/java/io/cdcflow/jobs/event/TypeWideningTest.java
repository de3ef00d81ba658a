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
  void aDeclarationReadByDiscoveryOrFromDebeziumIsSpelledAlike() {
    assertThat(TypeWidening.declaration("INT4", 10, 0))
        .isEqualTo(TypeWidening.declaration("integer", null, null))
        .isEqualTo(TypeWidening.declaration("int(11)", null, null))
        .isEqualTo("integer");
    assertThat(TypeWidening.declaration("VARCHAR", 10, null))
        .isEqualTo(TypeWidening.declaration("character varying(10)", null, null))
        .isEqualTo("character varying(10)");
    assertThat(TypeWidening.declaration("NUMERIC", 8, 2))
        .isEqualTo(TypeWidening.declaration("numeric(8,2)", null, null));
    assertThat(TypeWidening.declaration("NUMERIC", 131089, 0))
        .isEqualTo(TypeWidening.declaration("numeric", null, null));
    assertThat(TypeWidening.declaration("TEXT", Integer.MAX_VALUE, null)).isEqualTo("text");
    assertThat(TypeWidening.declaration("INT UNSIGNED", 10, null))
        .isEqualTo(TypeWidening.declaration("int(10) unsigned", null, null));
    assertThat(TypeWidening.declaration("VARCHAR", 100, null))
        .isNotEqualTo(TypeWidening.declaration("varchar(10)", null, null));
  }

  @Test
  void theSameTypeSpelledAlikeIsTheSame() {
    assertThat(TypeWidening.of("Integer", "integer")).isEqualTo(Change.SAME);
    assertThat(TypeWidening.of("int(11)", "int")).isEqualTo(Change.SAME);
  }
}
