package io.cdcflow.api.pipelines;

import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.catalog.store.PipelineTableRow;
import io.cdcflow.jobs.source.SourceTranslator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the tables a pipeline selects, also while it streams. A streaming pipeline's job is
 * stopped with a savepoint and resumed from it with the new tables: its source carries on from its
 * log position, and the tables added are copied inside the job while the others stream. When the
 * resumed job is refused (a table it cannot take), the earlier tables are put back and the pipeline
 * resumes with them, so a refused change leaves it as it was. Tables that come to match a streaming
 * pipeline's patterns (created at the source) are taken in the same way, looked for once per
 * interval ({@code CDCFLOW_NEW_TABLES_INTERVAL}); an explicit selection changes only when asked.
 */
public final class TableSelectionChange {

  private static final Logger LOG = LoggerFactory.getLogger(TableSelectionChange.class);

  private final PipelineService pipelines;
  private final PipelineChecks checks;
  private final PipelineLifecycle lifecycle;
  private final PipelineDao pipelineDao;
  private final Duration newTablesInterval;
  private final Map<UUID, Long> lookedAt = new ConcurrentHashMap<>();
  private final Map<UUID, Set<TableId>> untaken = new ConcurrentHashMap<>();

  /**
   * @param newTablesInterval how often a streaming pipeline's patterns are matched against the
   *     source's tables again; zero: never
   */
  public TableSelectionChange(
      PipelineService pipelines,
      PipelineChecks checks,
      PipelineLifecycle lifecycle,
      PipelineDao pipelineDao,
      Duration newTablesInterval) {
    this.pipelines = pipelines;
    this.checks = checks;
    this.lifecycle = lifecycle;
    this.pipelineDao = pipelineDao;
    this.newTablesInterval = newTablesInterval;
  }

  /** Selects the tables ({@code schema.table} each; none: back to the patterns). */
  public List<TablePlan> select(UUID id, List<String> tables) {
    PipelineService.Selection selection = pipelines.planSelection(id, tables);
    PipelineRow row = lifecycle.refresh(pipelines.row(id));
    if (!row.state().isActive()) {
      return pipelines.storeSelection(id, selection);
    }
    whyNotWhileRunning(row)
        .ifPresent(
            why -> {
              throw ApiProblem.conflict(
                  "pipeline '" + row.name() + "' is " + row.state() + ": " + why);
            });
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
   * Takes in the tables created at the source since the streaming pipeline's job started that match
   * its patterns: the job resumes with them and copies them while the others stream. Tables the job
   * could not take (the pipeline would not validate with them) are logged once and left out.
   */
  public void takeNewlyMatchingTables(PipelineRow row) {
    UUID id = row.id();
    long now = System.nanoTime();
    Long last = lookedAt.get(id);
    if (newTablesInterval.isZero() || (last != null && now - last < newTablesInterval.toNanos())) {
      return;
    }
    // once per interval, also for a pipeline that cannot take tables in: each round asks nothing
    lookedAt.put(id, now);
    if (whyNotWhileRunning(row).isPresent() || !pipelines.explicitSelection(id).isEmpty()) {
      return;
    }
    Set<TableId> recorded =
        pipelineDao.tables(id).stream().map(PipelineTableRow::source).collect(Collectors.toSet());
    Set<TableId> matching =
        pipelines.preview(id).stream()
            .map(TablePlan::source)
            .filter(t -> !recorded.contains(t))
            .collect(Collectors.toCollection(TreeSet::new));
    if (matching.isEmpty()) {
      return;
    }
    ValidationReport report = checks.validate(id);
    if (!report.valid()) {
      if (!matching.equals(untaken.put(id, matching))) {
        LOG.warn(
            "Pipeline '{}': {} match its patterns but are not taken in: {}",
            row.name(),
            matching,
            report.errors().get(0).message());
      }
      return;
    }
    LOG.info("Pipeline '{}': {} now match its patterns; resuming with them", row.name(), matching);
    lifecycle.stop(id);
    try {
      lifecycle.start(id);
    } catch (ApiProblem refused) {
      LOG.error("Pipeline '{}' could not resume: {}", row.name(), refused.getMessage());
      pipelineDao.setState(
          id,
          PipelineState.STOPPED,
          "stopped to take in " + matching + ", and refused to resume: " + refused.getMessage());
    }
  }

  /**
   * Only a job that copies by key ranges and then reads the log can copy a table while the others
   * stream; and a first copy still running would start over.
   */
  private Optional<String> whyNotWhileRunning(PipelineRow row) {
    if (row.mode() != PipelineMode.FULL_LOAD_AND_CDC
        || !SourceTranslator.copiesThenReadsLog(pipelineDao.sourceStateId(row.id()))) {
      return Optional.of(
          "only a FULL_LOAD_AND_CDC pipeline whose rows are copied by key ranges changes its"
              + " tables while it runs; stop it first");
    }
    if (row.state() != PipelineState.STREAMING) {
      return Optional.of(
          "wait until it streams (its tables are changed once its first copy has ended), or stop"
              + " it first");
    }
    return Optional.empty();
  }
}
