package io.cdcflow.jobs.event;

/**
 * A value the job could not read from the source, or not give the target, with the table, the
 * column and (where known) the row's key in its message: the message the pipeline's state reason
 * shows, not its cause's, which names only the value.
 */
public final class UnreadableValueException extends IllegalArgumentException {

  public UnreadableValueException(String message, Throwable cause) {
    super(message, cause);
  }
}
