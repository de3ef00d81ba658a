package io.cdcflow.api.pipelines;

import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.api.server.ApiProblem.FieldError;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TablePattern;
import io.cdcflow.catalog.pipeline.MappingRules;
import io.cdcflow.catalog.pipeline.PipelineDefinition;
import io.cdcflow.catalog.pipeline.PipelineOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a definition on its own, before any database is asked: names, patterns, identifiers the
 * mapping would produce, option ranges. Every problem is reported at once with its field path;
 * {@code prefix} is prepended for batch documents ({@code [2].options.parallelism}).
 */
final class DefinitionValidator {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  private static final int MAX_IDENTIFIER = 63;

  List<FieldError> check(PipelineDefinition d, String prefix) {
    List<FieldError> errors = new ArrayList<>();
    if (d.name() == null || !NAME.matcher(d.name()).matches()) {
      errors.add(
          new FieldError(
              prefix + "name",
              "required: 1-63 letters, digits, '_', '.', '-', starting with a letter or digit"));
    }
    if (d.description() != null && d.description().length() > 2000) {
      errors.add(new FieldError(prefix + "description", "at most 2000 characters"));
    }
    if (d.source() == null || d.source().isBlank()) {
      errors.add(new FieldError(prefix + "source", "required: a connection name or id"));
    }
    if (d.target() == null || d.target().isBlank()) {
      errors.add(new FieldError(prefix + "target", "required: a connection name or id"));
    }
    if (d.mode() == null) {
      errors.add(
          new FieldError(
              prefix + "mode", "required: FULL_LOAD_ONLY, CDC_ONLY or FULL_LOAD_AND_CDC"));
    }
    if (d.tables().include().isEmpty()) {
      errors.add(
          new FieldError(
              prefix + "tables.include", "at least one pattern, e.g. public.* or sales.order_*"));
    }
    patterns(errors, prefix + "tables.include", d.tables().include());
    patterns(errors, prefix + "tables.exclude", d.tables().exclude());
    for (Map.Entry<String, List<String>> e : d.tables().keyColumns().entrySet()) {
      String field = prefix + "tables.key_columns." + e.getKey();
      try {
        TableId.parse(e.getKey(), null);
      } catch (IllegalArgumentException ex) {
        errors.add(new FieldError(field, ex.getMessage()));
      }
      if (e.getValue() == null || e.getValue().isEmpty()) {
        errors.add(new FieldError(field, "at least one column"));
      } else {
        e.getValue().forEach(c -> identifier(errors, field, c));
      }
    }
    mapping(errors, prefix + "mapping", d.mapping());
    options(errors, prefix + "options", d.options());
    return errors;
  }

  void require(PipelineDefinition d) {
    List<FieldError> errors = check(d, "");
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
  }

  private static void patterns(List<FieldError> errors, String field, List<String> patterns) {
    for (int i = 0; i < patterns.size(); i++) {
      String p = patterns.get(i);
      try {
        if (p == null || p.length() > 300 || p.chars().anyMatch(Character::isISOControl)) {
          throw new IllegalArgumentException(
              "a pattern is at most 300 characters without control characters");
        }
        TablePattern.parse(p);
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(field + "[" + i + "]", e.getMessage()));
      }
    }
  }

  private static void mapping(List<FieldError> errors, String field, MappingRules m) {
    if (m.targetSchema() != null) {
      identifier(errors, field + ".target_schema", m.targetSchema());
    }
    if (m.prefix().length() > 30 || m.prefix().chars().anyMatch(Character::isISOControl)) {
      errors.add(
          new FieldError(field + ".prefix", "at most 30 characters without control characters"));
    }
    if (m.suffix().length() > 30 || m.suffix().chars().anyMatch(Character::isISOControl)) {
      errors.add(
          new FieldError(field + ".suffix", "at most 30 characters without control characters"));
    }
    m.renames()
        .forEach(
            (from, to) -> {
              try {
                TableId.parse(from, null);
              } catch (IllegalArgumentException e) {
                errors.add(
                    new FieldError(
                        field + ".renames." + from,
                        "source must be schema.table: " + e.getMessage()));
              }
              if (to == null || to.isBlank()) {
                errors.add(new FieldError(field + ".renames." + from, "target name is empty"));
              } else {
                TableId target = TableId.parse(to, "x");
                identifier(errors, field + ".renames." + from, target.schema());
                identifier(errors, field + ".renames." + from, target.name());
              }
            });
  }

  /** A name cdcflow will create on a target: it must fit both dialects' limits. */
  static void identifier(List<FieldError> errors, String field, String name) {
    if (name == null || name.isBlank()) {
      errors.add(new FieldError(field, "identifier is empty"));
    } else if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER) {
      errors.add(
          new FieldError(
              field,
              "identifier '"
                  + name.substring(0, Math.min(20, name.length()))
                  + "...' is longer than "
                  + MAX_IDENTIFIER
                  + " bytes (PostgreSQL would truncate it)"));
    } else if (name.chars().anyMatch(c -> Character.isISOControl(c) || c == '\0')) {
      errors.add(new FieldError(field, "identifier contains control characters"));
    } else if (!name.equals(name.strip())) {
      errors.add(new FieldError(field, "identifier starts or ends with spaces"));
    }
  }

  private static void options(List<FieldError> errors, String field, PipelineOptions o) {
    range(errors, field + ".parallelism", o.parallelism(), 1, 64);
    range(errors, field + ".chunk_size", o.chunkSize(), 100, 10_000_000);
    range(errors, field + ".fetch_size", o.fetchSize(), 10, 1_000_000);
    range(errors, field + ".checkpoint_interval_seconds", o.checkpointIntervalSeconds(), 1, 3600);
    range(errors, field + ".batch_size", o.batchSize(), 1, 100_000);
    range(errors, field + ".flush_interval_millis", o.flushIntervalMillis(), 10, 600_000);
    range(errors, field + ".restart_attempts", o.restartAttempts(), 0, 1000);
    range(errors, field + ".restart_delay_seconds", o.restartDelaySeconds(), 0, 3600);
    range(errors, field + ".restart_max_delay_seconds", o.restartMaxDelaySeconds(), 0, 3600);
    if (o.autoRecoverAttempts() != null) {
      range(errors, field + ".auto_recover_attempts", o.autoRecoverAttempts(), 0, 100);
    }
    if (o.autoRecoverDelaySeconds() != null) {
      range(errors, field + ".auto_recover_delay_seconds", o.autoRecoverDelaySeconds(), 0, 86_400);
    }
  }

  private static void range(List<FieldError> errors, String field, int value, int min, int max) {
    if (value < min || value > max) {
      errors.add(
          new FieldError(field, "must be between " + min + " and " + max + ", got " + value));
    }
  }
}
