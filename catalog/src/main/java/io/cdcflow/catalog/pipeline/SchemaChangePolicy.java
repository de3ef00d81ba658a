package io.cdcflow.catalog.pipeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a pipeline does when a copied table's columns change at the source, in Flink CDC's
 * vocabulary (docs/schema-changes.md has the table of every change under every policy).
 */
public enum SchemaChangePolicy {
  /** The target follows: columns added, renamed, widened and dropped there too. */
  EVOLVE,
  /** As EVOLVE, but a change the target refuses is logged and the pipeline goes on without it. */
  TRY_EVOLVE,
  /** Nothing the target holds is lost: columns added and widened; renamed and dropped ones kept. */
  LENIENT,
  /** The target's columns stay as they are; new columns' values are not written. */
  IGNORE,
  /** Any change of a copied table's columns stops the pipeline with the change named. */
  FAIL;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the target gets what this change adds (a column, a wider type). */
  public boolean adds() {
    return this == EVOLVE || this == TRY_EVOLVE || this == LENIENT;
  }

  /** Whether the target loses what the source lost or renamed (a dropped column, an old name). */
  public boolean follows() {
    return this == EVOLVE || this == TRY_EVOLVE;
  }

  @JsonCreator
  public static SchemaChangePolicy fromId(String value) {
    String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (SchemaChangePolicy p : values()) {
      if (p.name().equals(v)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown schema_changes policy '"
            + value
            + "', expected one of "
            + Arrays.stream(values()).map(SchemaChangePolicy::id).toList());
  }
}
