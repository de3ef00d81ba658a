package io.cdcflow.jobs.source;

import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.util.regex.Pattern;

/**
 * Table and schema lists for the connectors' include options, which Debezium reads as
 * comma-separated regular expressions: names are escaped so that they match only themselves.
 */
final class SourceTables {

  private static final Pattern SPECIAL = Pattern.compile("([\\\\.\\[\\]{}()*+?^$|,])");

  private SourceTables() {}

  static String[] tableList(PipelineSpec spec) {
    return spec.tables().stream()
        .map(TableSpec::sourceTable)
        .map(id -> escape(id.schema()) + "." + escape(id.name()))
        .toArray(String[]::new);
  }

  static String[] schemaList(PipelineSpec spec) {
    return spec.tables().stream()
        .map(TableSpec::sourceTable)
        .map(TableId::schema)
        .distinct()
        .map(SourceTables::escape)
        .toArray(String[]::new);
  }

  static String escape(String name) {
    return SPECIAL.matcher(name).replaceAll("\\\\$1");
  }
}
