package io.cdcflow.jobs.spec;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.discovery.TableId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a spec before a job is built from it; every error names the field it is about. */
public final class PipelineSpecValidator {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Pattern SLOT = Pattern.compile("[a-z0-9_]{1,50}");
  private static final long MAX_SERVER_ID = 4_294_967_295L;
  private static final Pattern UNREADABLE_NAME = Pattern.compile("[\\s.\"`]");

  private PipelineSpecValidator() {}

  /** Throws {@link InvalidSpecException} listing every problem found. */
  public static PipelineSpec validate(PipelineSpec spec) {
    List<String> errors = errors(spec);
    if (!errors.isEmpty()) {
      throw new InvalidSpecException(errors);
    }
    return spec;
  }

  public static List<String> errors(PipelineSpec spec) {
    List<String> errors = new ArrayList<>();
    if (spec.id() == null || !ID.matcher(spec.id()).matches()) {
      errors.add(
          "id: required, 1-128 letters, digits, '_', '.', '-' starting with a letter or digit");
    }
    if (spec.name() == null || spec.name().isBlank()) {
      errors.add("name: required");
    }
    if (spec.mode() == null) {
      errors.add("mode: required (FULL_LOAD_ONLY, CDC_ONLY or FULL_LOAD_AND_CDC)");
    }
    connection("source", spec.source(), errors);
    connection("target", spec.target(), errors);
    tables(spec, errors);
    options(spec, errors);
    return errors;
  }

  private static void connection(String field, ConnectionConfig c, List<String> errors) {
    if (c == null) {
      errors.add(field + ": required");
      return;
    }
    if (c.host().isBlank()) {
      errors.add(field + ".host: required");
    }
    if (c.port() < 1 || c.port() > 65535) {
      errors.add(field + ".port: must be 1-65535, was " + c.port());
    }
    if (c.type() == DatabaseType.POSTGRES && (c.database() == null || c.database().isBlank())) {
      errors.add(field + ".database: required for postgres");
    }
    if (c.username() == null || c.username().isBlank()) {
      errors.add(field + ".username: required");
    }
  }

  /**
   * Why the CDC source cannot capture this table, or empty: Flink CDC 3.5.0 reads its split and
   * state ids back as unquoted names.
   */
  public static Optional<String> captureProblem(TableId table) {
    if (UNREADABLE_NAME.matcher(table.schema()).find()
        || UNREADABLE_NAME.matcher(table.name()).find()) {
      return Optional.of(
          "'"
              + table
              + "' cannot be captured: Flink CDC 3.5.0 reads its split and state ids back as"
              + " unquoted names, so schema and table names must not contain white space, '.',"
              + " '\"' or '`'");
    }
    return Optional.empty();
  }

  private static void tables(PipelineSpec spec, List<String> errors) {
    if (spec.tables().isEmpty()) {
      errors.add("tables: at least one table is required");
      return;
    }
    Set<Object> sources = new HashSet<>();
    Set<Object> targets = new HashSet<>();
    for (int i = 0; i < spec.tables().size(); i++) {
      String at = "tables[" + i + "]";
      TableSpec t = spec.tables().get(i);
      if (t == null) {
        errors.add(at + ": null");
        continue;
      }
      if (t.sourceTable() == null) {
        errors.add(at + ".sourceTable: required");
      } else if (!sources.add(t.sourceTable())) {
        errors.add(at + ".sourceTable: " + t.sourceTable() + " appears twice");
      } else {
        captureProblem(t.sourceTable())
            .ifPresent(problem -> errors.add(at + ".sourceTable: " + problem));
      }
      if (t.targetTable() == null) {
        errors.add(at + ".targetTable: required");
      } else if (!targets.add(t.targetTable())) {
        errors.add(at + ".targetTable: " + t.targetTable() + " is written by two tables");
      }
      if (t.columns().isEmpty()) {
        errors.add(at + ".columns: at least one column is required");
      }
      Set<String> names = new HashSet<>();
      for (int j = 0; j < t.columns().size(); j++) {
        String cat = at + ".columns[" + j + "]";
        ColumnSpec c = t.columns().get(j);
        if (c == null) {
          errors.add(cat + ": null");
          continue;
        }
        if (c.name() == null || c.name().isEmpty()) {
          errors.add(cat + ".name: required");
        } else if (!names.add(c.name())) {
          errors.add(cat + ".name: column '" + c.name() + "' appears twice");
        }
        if (c.targetType() == null || c.targetType().isBlank()) {
          errors.add(cat + ".targetType: required");
        }
      }
      if (t.keyColumns().isEmpty()) {
        errors.add(at + ".keyColumns: required (the primary key or chosen unique columns)");
      }
      Set<String> keys = new HashSet<>();
      for (String key : t.keyColumns()) {
        int index = t.columnIndex(key);
        if (index < 0) {
          errors.add(at + ".keyColumns: column '" + key + "' is not among the table's columns");
        } else if (t.columns().get(index).nullable()) {
          errors.add(at + ".keyColumns: column '" + key + "' is nullable; key columns cannot be");
        }
        if (!keys.add(key)) {
          errors.add(at + ".keyColumns: column '" + key + "' appears twice");
        }
      }
    }
  }

  private static void options(PipelineSpec spec, List<String> errors) {
    PipelineOptions o = spec.options();
    if (o.parallelism() < 1 || o.parallelism() > 256) {
      errors.add("options.parallelism: must be 1-256, was " + o.parallelism());
    }
    if (o.snapshotChunkSize() < 2) {
      errors.add("options.snapshotChunkSize: must be at least 2, was " + o.snapshotChunkSize());
    }
    if (o.fetchSize() < 1) {
      errors.add("options.fetchSize: must be positive, was " + o.fetchSize());
    }
    atLeast("options.checkpointInterval", o.checkpointInterval(), Duration.ofMillis(100), errors);
    if (o.sinkBatchSize() < 1) {
      errors.add("options.sinkBatchSize: must be positive, was " + o.sinkBatchSize());
    }
    atLeast("options.sinkFlushInterval", o.sinkFlushInterval(), Duration.ofMillis(10), errors);
    if (o.restartAttempts() < 0) {
      errors.add("options.restartAttempts: must not be negative, was " + o.restartAttempts());
    }
    atLeast("options.restartDelay", o.restartDelay(), Duration.ZERO, errors);
    atLeast("options.restartMaxDelay", o.restartMaxDelay(), Duration.ZERO, errors);
    if (spec.source() != null && spec.source().type() == DatabaseType.POSTGRES) {
      if (o.slotName() == null || !SLOT.matcher(o.slotName()).matches()) {
        errors.add(
            "options.slotName: must be 1-50 lower-case letters, digits or underscores, was '"
                + o.slotName()
                + "'");
      }
      if (o.publicationName() == null
          || o.publicationName().isBlank()
          || o.publicationName().length() > 63) {
        errors.add("options.publicationName: must be 1-63 characters");
      }
    }
    if (spec.source() != null && spec.source().type() == DatabaseType.MYSQL) {
      Long start = o.serverIdStart();
      if (start == null || start < 1 || start + o.parallelism() - 1 > MAX_SERVER_ID) {
        errors.add(
            "options.serverIdStart: must be 1.."
                + (MAX_SERVER_ID - o.parallelism() + 1)
                + ", was "
                + start);
      }
    }
  }

  private static void atLeast(String field, Duration value, Duration min, List<String> errors) {
    if (value.compareTo(min) < 0) {
      errors.add(field + ": must be at least " + min + ", was " + value);
    }
  }
}
