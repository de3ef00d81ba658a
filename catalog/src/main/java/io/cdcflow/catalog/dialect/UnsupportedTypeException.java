package io.cdcflow.catalog.dialect;

import io.cdcflow.catalog.connection.DatabaseType;

/** A source column whose type has no mapping to the target database. */
public class UnsupportedTypeException extends IllegalArgumentException {

  private final String column;
  private final String sourceType;

  public UnsupportedTypeException(
      String column, String sourceType, DatabaseType source, DatabaseType target, String reason) {
    super(
        "column '"
            + column
            + "': "
            + source.id()
            + " type '"
            + sourceType
            + "' cannot be mapped to "
            + target.id()
            + (reason == null || reason.isBlank() ? "" : ": " + reason));
    this.column = column;
    this.sourceType = sourceType;
  }

  public String column() {
    return column;
  }

  public String sourceType() {
    return sourceType;
  }
}
