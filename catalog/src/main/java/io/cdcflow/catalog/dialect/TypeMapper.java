package io.cdcflow.catalog.dialect;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.discovery.ColumnSchema;

/**
 * Chooses the type a column gets when cdcflow creates it in this mapper's database (the target),
 * given the column as the source database declares it. One implementation per target dialect; the
 * table of mappings is {@code docs/type-mapping.md}. Throws {@link UnsupportedTypeException} for a
 * type it does not know rather than guessing.
 */
public interface TypeMapper {

  /**
   * The target column type as written in {@code CREATE TABLE}, e.g. {@code numeric(12,2)}.
   *
   * @param source the database the column comes from
   * @param column the source column (its {@code columnType}, {@code dataType}, category, ...)
   * @param keyColumn whether the column is part of the key the target table is created with (MySQL
   *     cannot index unbounded text, so key columns get bounded types there)
   */
  String targetType(DatabaseType source, ColumnSchema column, boolean keyColumn);
}
