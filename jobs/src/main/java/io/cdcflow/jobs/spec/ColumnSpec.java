package io.cdcflow.jobs.spec;

import io.cdcflow.catalog.discovery.ColumnSchema.TypeCategory;
import java.io.Serializable;

/**
 * One column a pipeline copies.
 *
 * @param name the column name, the same at source and target
 * @param sourceType the source declaration ("numeric(12,2)", "int(10) unsigned")
 * @param sourceCategory how the source type is built (base, enum, array, domain, ...)
 * @param targetType the type the target column is created with, in the target's SQL
 * @param nullable whether the column accepts NULL
 * @param sourcePosition its ordinal position at the source (PostgreSQL: the attribute number, by
 *     which a renamed column is told from a dropped one); 0 when not known
 */
public record ColumnSpec(
    String name,
    String sourceType,
    TypeCategory sourceCategory,
    String targetType,
    boolean nullable,
    int sourcePosition)
    implements Serializable {

  public ColumnSpec(
      String name,
      String sourceType,
      TypeCategory sourceCategory,
      String targetType,
      boolean nullable) {
    this(name, sourceType, sourceCategory, targetType, nullable, 0);
  }

  public ColumnSpec {
    sourceCategory = sourceCategory == null ? TypeCategory.BASE : sourceCategory;
  }
}
