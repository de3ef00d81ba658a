package io.cdcflow.api.pipelines;

import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.catalog.store.PipelineTableRow;
import io.cdcflow.jobs.source.SourceTranslator;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the tables a pipeline selects, also while it streams. A streaming pipeline's job is
 * stopped with a savepoint and resumed from it with the new tables: its source carries on from its
 * log position, and the tables added are copied inside the job while the others stream. When the
 * resumed job is refused (a table it cannot take), the earlier tables are put back and the pipeline
 * resumes with them, so a refused change leaves it as it was.
 */
public final class TableSelectionChange {

  private static final Logger LOG = LoggerFactory.getLogger(TableSelectionChange.class);

  private final PipelineService pipelines;
  private final PipelineLifecycle lifecycle;
  private final PipelineDao pipelineDao;

  public TableSelectionChange(
      PipelineService pipelines, PipelineLifecycle lifecycle, PipelineDao pipelineDao) {
    this.pipelines = pipelines;
    this.lifecycle = lifecycle;
    this.pipelineDao = pipelineDao;
  }

  /** Selects the tables ({@code schema.table} each; none: back to the patterns). */
  public List<TablePlan> select(UUID id, List<String> tables) {
    PipelineService.Selection selection = pipelines.planSelection(id, tables);
    PipelineRow row = lifecycle.refresh(pipelines.row(id));
    if (!row.state().isActive()) {
      return pipelines.storeSelection(id, selection);
    }
    refuseWhileRunning(row);
    List<PipelineTableRow> before = pipelineDao.tables(id);
    lifecycle.stop(id);
    List<TablePlan> plan = pipelines.storeSelection(id, selection);
    try {
      lifecycle.start(id);
    } catch (ApiProblem refused) {
      pipelineDao.restoreTables(id, before);
      lifecycle.start(id);
      throw new ApiProblem(
          refused.status(),
          refused.title(),
          refused.getMessage() + " The pipeline resumed with its earlier tables.",
          refused.fields());
    }
    LOG.info("Pipeline '{}' resumed with {} tables", row.name(), plan.size());
    return plan;
  }

  /**
   * Only a job that copies by key ranges and then reads the log can copy a table while the others
   * stream; and a first copy still running would start over.
   */
  private void refuseWhileRunning(PipelineRow row) {
    String why = null;
    if (row.mode() != PipelineMode.FULL_LOAD_AND_CDC
        || !SourceTranslator.copiesThenReadsLog(pipelineDao.sourceStateId(row.id()))) {
      why =
          "only a FULL_LOAD_AND_CDC pipeline whose rows are copied by key ranges changes its"
              + " tables while it runs; stop it first";
    } else if (row.state() != PipelineState.STREAMING) {
      why =
          "wait until it streams (its tables are changed once its first copy has ended), or stop it first";
    }
    if (why != null) {
      throw ApiProblem.conflict("pipeline '" + row.name() + "' is " + row.state() + ": " + why);
    }
  }
}
