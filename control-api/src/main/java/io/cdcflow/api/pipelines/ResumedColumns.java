package io.cdcflow.api.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.store.RecordedColumns;
import io.cdcflow.catalog.store.RecordedColumnsDao;
import io.cdcflow.jobs.spec.ColumnSpec;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The columns a resumed job is given: those its tables were last submitted with. The log it resumes
 * from has the rows of then, so the columns renamed, dropped, widened or added while the pipeline
 * was stopped are met in the log, in order, and followed under the pipeline's {@code
 * schema_changes} as if it had run (docs/schema-changes.md). A fresh start, and a table new to the
 * job or with another key, get the source's columns of now.
 */
final class ResumedColumns {

  private static final Logger LOG = LoggerFactory.getLogger(ResumedColumns.class);
  private static final TypeReference<List<ColumnSpec>> COLUMNS = new TypeReference<>() {};

  private final RecordedColumnsDao recorded;
  private final ObjectMapper json;

  ResumedColumns(RecordedColumnsDao recorded, ObjectMapper json) {
    this.recorded = recorded;
    this.json = json;
  }

  /**
   * The spec with each of {@code resumed}'s tables given the columns it was last submitted with.
   */
  PipelineSpec resumed(UUID pipelineId, PipelineSpec spec, Collection<TableId> resumed) {
    Map<TableId, RecordedColumns> last = new HashMap<>();
    recorded.list(pipelineId).forEach(r -> last.put(r.table(), r));
    List<TableSpec> tables =
        spec.tables().stream()
            .map(
                t -> {
                  RecordedColumns r = last.get(t.sourceTable());
                  if (r == null
                      || !resumed.contains(t.sourceTable())
                      || !r.keyColumns().equals(t.keyColumns())) {
                    return t;
                  }
                  List<ColumnSpec> columns = read(r);
                  if (!columns.equals(t.columns())) {
                    LOG.info(
                        "Pipeline '{}': {} resumes with its columns of the last run; the log has"
                            + " what changed since",
                        spec.name(),
                        t.sourceTable());
                  }
                  return new TableSpec(t.sourceTable(), t.targetTable(), columns, t.keyColumns());
                })
            .toList();
    return spec.withTables(tables);
  }

  /** Records the columns the spec gives its tables, for the next resume. */
  void record(UUID pipelineId, PipelineSpec spec) {
    recorded.replace(
        pipelineId,
        spec.tables().stream()
            .map(t -> new RecordedColumns(t.sourceTable(), t.keyColumns(), write(t.columns())))
            .toList());
  }

  private List<ColumnSpec> read(RecordedColumns r) {
    try {
      return json.readValue(r.columnsJson(), COLUMNS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable recorded columns of " + r.table(), e);
    }
  }

  private String write(List<ColumnSpec> columns) {
    try {
      return json.writeValueAsString(columns);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
