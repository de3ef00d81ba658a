package io.cdcflow.catalog.pipeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Map;

/**
 * How source table names become target names. An explicit rename wins; otherwise the table goes to
 * {@code targetSchema} (or its default) as {@code prefix + name + suffix}, then {@code case}.
 *
 * @param renames {@code schema.table} of the source to {@code table} or {@code schema.table} on the
 *     target
 */
public record MappingRules(
    String targetSchema,
    String prefix,
    String suffix,
    @JsonProperty("case") NameCase nameCase,
    Map<String, String> renames) {

  public static final MappingRules DEFAULT = new MappingRules(null, null, null, null, null);

  public MappingRules {
    prefix = prefix == null ? "" : prefix;
    suffix = suffix == null ? "" : suffix;
    nameCase = nameCase == null ? NameCase.PRESERVE : nameCase;
    renames = renames == null ? Map.of() : Map.copyOf(renames);
  }

  /** Case applied to target schema and table names. */
  public enum NameCase {
    PRESERVE,
    LOWER,
    UPPER;

    @JsonCreator
    public static NameCase parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "case must be preserve, lower or upper, got '" + value + "'");
      }
    }

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public String apply(String name) {
      return switch (this) {
        case PRESERVE -> name;
        case LOWER -> name.toLowerCase(Locale.ROOT);
        case UPPER -> name.toUpperCase(Locale.ROOT);
      };
    }
  }
}
