package io.cdcflow.catalog.connection;

/**
 * One CDC prerequisite of a server, checked live.
 *
 * @param name a stable id ("wal_level", "binlog_format", ...)
 * @param passed whether the server meets it
 * @param detail what was found and, when it fails, what to change
 */
public record PrerequisiteCheck(String name, boolean passed, String detail) {

  public static PrerequisiteCheck pass(String name, String detail) {
    return new PrerequisiteCheck(name, true, detail);
  }

  public static PrerequisiteCheck fail(String name, String detail) {
    return new PrerequisiteCheck(name, false, detail);
  }
}
