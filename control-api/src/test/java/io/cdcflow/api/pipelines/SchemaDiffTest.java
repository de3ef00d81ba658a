package io.cdcflow.api.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Types the databases print differently are the same type; real differences stay differences. */
class SchemaDiffTest {

  @Test
  void spellingsOfOneTypeAreTheSame() {
    assertThat(SchemaDiff.sameType("int unsigned", "int(10) unsigned")).isTrue();
    assertThat(SchemaDiff.sameType("bigint unsigned", "bigint(20) unsigned")).isTrue();
    assertThat(SchemaDiff.sameType("int", "int(11)")).isTrue();
    assertThat(SchemaDiff.sameType("year", "year(4)")).isTrue();
    assertThat(SchemaDiff.sameType("json", "longtext")).isTrue();
    assertThat(SchemaDiff.sameType("integer", "int4")).isTrue();
    assertThat(SchemaDiff.sameType("numeric(12, 2)", "numeric(12,2)")).isTrue();
    assertThat(SchemaDiff.sameType("varchar(20)", "character varying(20)")).isTrue();
    assertThat(SchemaDiff.sameType("timestamp without time zone", "timestamp")).isTrue();
  }

  @Test
  void otherTypesDiffer() {
    assertThat(SchemaDiff.sameType("int unsigned", "int")).isFalse();
    assertThat(SchemaDiff.sameType("varchar(20)", "varchar(40)")).isFalse();
    assertThat(SchemaDiff.sameType("numeric(12,2)", "numeric(12,4)")).isFalse();
    assertThat(SchemaDiff.sameType("json", "text")).isFalse();
    assertThat(SchemaDiff.sameType("longtext", "json")).as("text expected, json found").isFalse();
    assertThat(SchemaDiff.sameType("bigint", "int")).isFalse();
  }
}
