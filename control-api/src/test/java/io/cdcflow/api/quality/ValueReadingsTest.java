package io.cdcflow.api.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.jobs.spec.ColumnSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueReadingsTest {

  @Test
  void aColumnFixedWidthOrJsonOnEitherSideIsReadSoOnBoth() {
    TableId t = new TableId("s", "t");
    TableSpec spec =
        new TableSpec(
            t,
            t,
            List.of(
                new ColumnSpec("id", "integer", null, "int", false),
                // a long PostgreSQL character(n) lands in a MySQL varchar, padded
                new ColumnSpec("code", "character(300)", null, "varchar(300)", true),
                new ColumnSpec("short", "char(4)", null, "char(4)", true),
                new ColumnSpec("name", "character varying(20)", null, "varchar(20)", true),
                new ColumnSpec("doc", "jsonb", null, "json", true)),
            List.of("id"));
    ValueReadings readings = ValueReadings.of(spec);
    assertThat(readings.unpadded()).containsExactlyInAnyOrder("code", "short");
    assertThat(readings.json()).containsExactly("doc");
  }
}
