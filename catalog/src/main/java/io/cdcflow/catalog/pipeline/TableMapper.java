package io.cdcflow.catalog.pipeline;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.discovery.TableId;
import java.util.Optional;

/**
 * Applies a pipeline's {@link MappingRules} to source table names. The target schema defaults to
 * the source schema on a PostgreSQL target and to the target connection's database on a MySQL
 * target (a MySQL "schema" is a database, and one pipeline writes into one).
 */
public final class TableMapper {

  private final MappingRules rules;
  private final DatabaseType targetType;
  private final String targetDatabase;

  public TableMapper(MappingRules rules, DatabaseType targetType, String targetDatabase) {
    this.rules = rules;
    this.targetType = targetType;
    this.targetDatabase = targetDatabase;
  }

  public TableId targetOf(TableId source) {
    Optional<String> rename = Optional.ofNullable(rules.renames().get(source.toString()));
    if (rename.isPresent()) {
      return TableId.parse(rename.get(), defaultSchema(source));
    }
    String schema =
        rules.targetSchema() != null && !rules.targetSchema().isBlank()
            ? rules.targetSchema()
            : defaultSchema(source);
    String name = rules.prefix() + source.name() + rules.suffix();
    return new TableId(rules.nameCase().apply(schema), rules.nameCase().apply(name));
  }

  private String defaultSchema(TableId source) {
    if (targetType == DatabaseType.MYSQL && targetDatabase != null && !targetDatabase.isBlank()) {
      return targetDatabase;
    }
    return source.schema();
  }
}
