package io.cdcflow.api.flink;

import static io.cdcflow.api.flink.FlinkJson.booleanValue;
import static io.cdcflow.api.flink.FlinkJson.list;
import static io.cdcflow.api.flink.FlinkJson.object;
import static io.cdcflow.api.flink.FlinkJson.optionalText;
import static io.cdcflow.api.flink.FlinkJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code GET /jobs/:jid/exceptions}: the job's failure history, newest first. */
public record JobExceptions(List<Failure> failures, boolean truncated) {

  public JobExceptions {
    failures = List.copyOf(failures);
  }

  /** The package of cdcflow's own exceptions, as a stack trace names them. */
  private static final String OWN = "io.cdcflow.";

  /**
   * The exception that names the table, column and key of a value (its cause, also cdcflow's, only
   * the value).
   */
  private static final String NAMING_THE_VALUE = "io.cdcflow.jobs.event.UnreadableValueException";

  /** One failure: the exception class, its stack trace, when, and where it happened. */
  public record Failure(
      String exceptionName,
      String stackTrace,
      Optional<Instant> timestamp,
      Optional<String> taskName,
      Optional<String> endpoint) {

    /** The first line of the stack trace: exception class and message. */
    public String summary() {
      int newline = stackTrace.indexOf('\n');
      return newline < 0 ? stackTrace : stackTrace.substring(0, newline);
    }

    /**
     * The deepest "Caused by" of cdcflow's own (it names the table, the column and the key of a
     * value it could not read or write, where the cause under it names only the value), else the
     * deepest one: the first line is often Flink's "Recovery is suppressed ..." wrapper. The
     * summary when there is none.
     */
    public String rootCause() {
      String marker = "Caused by: ";
      int at = stackTrace.lastIndexOf(marker + NAMING_THE_VALUE);
      if (at < 0) {
        at = stackTrace.lastIndexOf(marker + OWN);
      }
      if (at < 0) {
        at = stackTrace.lastIndexOf(marker);
      }
      if (at < 0) {
        return summary();
      }
      String line = stackTrace.substring(at + marker.length());
      int newline = line.indexOf('\n');
      return (newline < 0 ? line : line.substring(0, newline)).trim();
    }

    static Failure fromJson(JsonNode json) {
      return new Failure(
          text(json, "exceptionName"),
          optionalText(json, "stacktrace").orElse(""),
          FlinkJson.timestamp(json, "timestamp"),
          optionalText(json, "taskName"),
          optionalText(json, "endpoint"));
    }
  }

  public Optional<Failure> latest() {
    return failures.stream().findFirst();
  }

  static JobExceptions fromJson(JsonNode json) {
    JsonNode history = object(json, "exceptionHistory").orElse(FlinkJson.EMPTY);
    return new JobExceptions(
        list(history, "entries", Failure::fromJson), booleanValue(history, "truncated"));
  }
}
