package io.cdcflow.jobs.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.jobs.spec.ColumnSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class MySqlColumnEvidenceTest {

  private static final TableId ITEMS = new TableId("shop", "items");
  private static final TableSpec SPEC =
      new TableSpec(
          ITEMS,
          ITEMS,
          List.of(new ColumnSpec("id", "int", null, "integer", false)),
          List.of("id"));

  @Test
  void renamesAndDropsAreReadFromTheDdl() {
    MySqlColumnEvidence evidence = new MySqlColumnEvidence();
    evidence.altered(
        ITEMS,
        "ALTER TABLE `items` RENAME COLUMN `a` TO `b`, CHANGE COLUMN c d varchar(20),"
            + " CHANGE e e bigint, DROP COLUMN f, DROP g, DROP PRIMARY KEY, DROP INDEX h");
    TableColumns.Evidence said =
        evidence.of(SPEC, List.of("a", "c", "e", "f", "g", "h"), List.of("b", "d"));
    assertThat(said.renamed()).containsEntry("a", "b").containsEntry("c", "d").hasSize(2);
    assertThat(said.dropped()).containsExactlyInAnyOrder("f", "g");
  }

  @Test
  void withoutDdlAGoneColumnIsNeitherRenamedNorDropped() {
    TableColumns.Evidence said = new MySqlColumnEvidence().of(SPEC, List.of("a"), List.of("b"));
    assertThat(said.renamed()).isEmpty();
    assertThat(said.dropped()).isEmpty();
  }

  @Test
  void aChainOfRenamesLeadsToTheLastName() {
    MySqlColumnEvidence evidence = new MySqlColumnEvidence();
    evidence.altered(ITEMS, "ALTER TABLE items RENAME COLUMN a TO b");
    evidence.altered(ITEMS, "ALTER TABLE items RENAME COLUMN b TO c");
    assertThat(evidence.of(SPEC, List.of("a"), List.of("c")).renamed()).containsEntry("a", "c");
  }
}
