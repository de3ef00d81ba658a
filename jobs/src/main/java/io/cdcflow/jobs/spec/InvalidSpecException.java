package io.cdcflow.jobs.spec;

import java.util.List;

/** A pipeline spec that cannot run; each error names the field ("tables[2].keyColumns: ..."). */
public class InvalidSpecException extends IllegalArgumentException {

  private final List<String> errors;

  public InvalidSpecException(List<String> errors) {
    super("invalid pipeline spec: " + String.join("; ", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
