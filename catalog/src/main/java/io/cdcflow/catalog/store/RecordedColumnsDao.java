package io.cdcflow.catalog.store;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** The columns each table of a pipeline was last submitted with (see {@link RecordedColumns}). */
@RegisterRowMapper(RecordedColumnsMapper.class)
public interface RecordedColumnsDao extends SqlObject {

  @SqlQuery(
      "SELECT source_schema, source_table, key_columns, columns::text FROM pipeline_table_columns"
          + " WHERE pipeline_id = :id")
  List<RecordedColumns> list(@Bind("id") UUID pipelineId);

  @SqlUpdate("DELETE FROM pipeline_table_columns WHERE pipeline_id = :id")
  void clear(@Bind("id") UUID pipelineId);

  /** Replaces what was recorded for the pipeline with these tables' columns, in one transaction. */
  @Transaction
  default void replace(UUID pipelineId, List<RecordedColumns> tables) {
    clear(pipelineId);
    if (tables.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        getHandle()
            .prepareBatch(
                """
                INSERT INTO pipeline_table_columns (pipeline_id, source_schema, source_table,
                                                    key_columns, columns)
                VALUES (:id, :schema, :table, :keys, CAST(:columns AS jsonb))
                """);
    for (RecordedColumns t : tables) {
      batch
          .bind("id", pipelineId)
          .bind("schema", t.table().schema())
          .bind("table", t.table().name())
          .bind("keys", t.keyColumns().toArray(String[]::new))
          .bind("columns", t.columnsJson())
          .add();
    }
    batch.execute();
  }
}
