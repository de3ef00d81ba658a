package io.cdcflow.jobs.event;

import java.io.Serializable;
import java.util.Objects;

/**
 * A column that appeared at the source while the pipeline ran (not in the spec), with the type it
 * gets at the target and, when the source declared a simple default, that default as an SQL literal
 * (so the target's existing rows get what the source's got).
 */
public record AddedColumn(String name, String targetType, String defaultLiteral)
    implements Serializable {

  public AddedColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(targetType, "targetType");
  }

  public AddedColumn(String name, String targetType) {
    this(name, targetType, null);
  }
}
