package io.cdcflow.jobs.event;

/**
 * A value the target database has no equivalent for (PostgreSQL's infinity or NaN into
 * MySQL/MariaDB). Reading the row another way would not help: the reader's message says so rather
 * than suggesting it.
 */
public final class UnwritableValueException extends IllegalArgumentException {

  UnwritableValueException(Object value) {
    super("the value " + value + " has no MySQL/MariaDB equivalent");
  }
}
