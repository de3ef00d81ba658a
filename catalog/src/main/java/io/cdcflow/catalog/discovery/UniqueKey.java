package io.cdcflow.catalog.discovery;

import java.io.Serializable;
import java.util.List;

/** A unique constraint or unique index (other than the primary key). */
public record UniqueKey(String name, List<String> columns) implements Serializable {

  public UniqueKey {
    columns = List.copyOf(columns);
  }
}
