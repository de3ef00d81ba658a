package io.cdcflow.jobs.event;

import java.io.Serializable;
import java.util.Objects;

/**
 * A change of a copied table's columns at the source that its target table follows. Every event
 * carries all the changes its table went through since the job's spec, in order, so any writer can
 * catch up on the ones it has not applied (they are idempotent there).
 *
 * <p>A column is named by its {@code origin}: its name in the spec, or the name it was added with;
 * a rename changes its {@code name}, never its origin.
 *
 * @param kind what changed
 * @param origin the column the change is about
 * @param name its name at the source after the change (a rename's new name)
 * @param targetType its type at the target (ADD, RETYPE); null otherwise
 * @param nullable whether it takes NULL at the target (RETYPE: as before; ADD: always)
 * @param defaultLiteral an ADD's default as an SQL literal, so existing target rows get what the
 *     source's got; null when none or not trusted
 */
public record ColumnChange(
    Kind kind,
    String origin,
    String name,
    String targetType,
    boolean nullable,
    String defaultLiteral)
    implements Serializable {

  /** The kinds of change; the order is the serialized form's. */
  public enum Kind {
    ADD,
    RENAME,
    RETYPE,
    DROP,
    /** The target column is kept, no longer written: it takes NULL from now on. */
    KEEP
  }

  public ColumnChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(name, "name");
    if ((kind == Kind.ADD || kind == Kind.RETYPE || kind == Kind.KEEP) && targetType == null) {
      throw new IllegalArgumentException(kind + " of " + origin + " needs its target type");
    }
  }

  public static ColumnChange add(String name, String targetType, String defaultLiteral) {
    return add(name, name, targetType, defaultLiteral);
  }

  public static ColumnChange add(
      String origin, String name, String targetType, String defaultLiteral) {
    return new ColumnChange(Kind.ADD, origin, name, targetType, true, defaultLiteral);
  }

  public static ColumnChange rename(String origin, String newName) {
    return new ColumnChange(Kind.RENAME, origin, newName, null, true, null);
  }

  public static ColumnChange retype(
      String origin, String name, String targetType, boolean nullable) {
    return new ColumnChange(Kind.RETYPE, origin, name, targetType, nullable, null);
  }

  public static ColumnChange drop(String origin, String name) {
    return new ColumnChange(Kind.DROP, origin, name, null, true, null);
  }

  public static ColumnChange keep(String origin, String name, String targetType) {
    return new ColumnChange(Kind.KEEP, origin, name, targetType, true, null);
  }
}
