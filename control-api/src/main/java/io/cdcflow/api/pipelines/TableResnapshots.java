package io.cdcflow.api.pipelines;

import io.cdcflow.api.flink.FlinkClusterException;
import io.cdcflow.api.flink.FlinkRestClient;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.catalog.store.PipelineRunDao;
import io.cdcflow.catalog.store.PipelineRunRow;
import io.cdcflow.catalog.store.PipelineTableRow;
import io.cdcflow.jobs.resnapshot.KeyBounds;
import io.cdcflow.jobs.resnapshot.ResnapshotProgress;
import io.cdcflow.jobs.resnapshot.ResnapshotRequest;
import io.cdcflow.jobs.resnapshot.ResnapshotTranslator;
import io.cdcflow.jobs.source.SourceTranslator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Copies one table of a streaming pipeline again inside its running job (the other tables keep
 * streaming), by asking the job's resnapshot coordinator through Flink's REST API; lists those
 * copies with their progress, and those of tables added to the pipeline, which the job copies of
 * its own accord.
 */
public final class TableResnapshots {

  private final PipelineService pipelines;
  private final PipelineChecks checks;
  private final PipelineLifecycle lifecycle;
  private final PipelineDao pipelineDao;
  private final PipelineRunDao runs;
  private final FlinkRestClient flink;

  public TableResnapshots(
      PipelineService pipelines,
      PipelineChecks checks,
      PipelineLifecycle lifecycle,
      PipelineDao pipelineDao,
      PipelineRunDao runs,
      FlinkRestClient flink) {
    this.pipelines = pipelines;
    this.checks = checks;
    this.lifecycle = lifecycle;
    this.pipelineDao = pipelineDao;
    this.runs = runs;
    this.flink = flink;
  }

  /**
   * Asks for the table ({@code schema.table}, or the table name when unique) to be copied again;
   * returns once a checkpoint of the job holds the request.
   */
  public ResnapshotView request(UUID id, String table) {
    return request(id, table, KeyBounds.WHOLE);
  }

  /** As {@link #request(UUID, String)}, for the table's keys within the bounds only. */
  public ResnapshotView request(UUID id, String table, KeyBounds bounds) {
    PipelineRow row = lifecycle.refresh(pipelines.row(id));
    if (row.state() != PipelineState.STREAMING) {
      throw new ApiProblem(
          409,
          "Pipeline not streaming",
          "a table is copied again while its pipeline streams; '"
              + row.name()
              + "' is "
              + row.state(),
          List.of());
    }
    ResnapshotRequest.Response answer = ask(row, new ResnapshotRequest.Start(table, bounds));
    if (answer.refusal() != null) {
      throw switch (answer.refusal()) {
        case NO_SUCH_TABLE ->
            new ApiProblem(404, "No such table in the pipeline", answer.why(), List.of());
        case AMBIGUOUS -> new ApiProblem(400, "Ambiguous table name", answer.why(), List.of());
        case NOT_SUPPORTED ->
            new ApiProblem(409, "Table not copied again", answer.why(), List.of());
      };
    }
    return ResnapshotView.of(answer.request());
  }

  /** Every copy-again of the pipeline's current job, oldest first; none when it runs no job. */
  public List<ResnapshotView> list(UUID id) {
    return copies(lifecycle.refresh(pipelines.row(id)));
  }

  /**
   * The same as the catalog has the pipeline now, without refreshing its state from Flink (for
   * background readers, which must not race the watcher's transitions).
   */
  public List<ResnapshotView> listAsRecorded(UUID id) {
    return copies(pipelines.row(id));
  }

  private List<ResnapshotView> copies(PipelineRow row) {
    if (!row.state().isActive() || job(row).isEmpty()) {
      return List.of();
    }
    try {
      return ask(row, new ResnapshotRequest.Query()).tables().stream()
          .map(ResnapshotView::of)
          .toList();
    } catch (ApiProblem e) {
      if (e.status() == 409) {
        return List.of(); // a job that cannot copy a table again has copied none
      }
      throw e;
    }
  }

  /**
   * Marks the tables added to a streaming pipeline as copied once the job has copied them, so that
   * a later start does not copy them again; asks the job only while some table is not copied yet.
   */
  public void recordAddedTablesCopied(PipelineRow row) {
    List<PipelineTableRow> tables = pipelineDao.tables(row.id());
    Map<String, TableId> waiting =
        tables.stream()
            .filter(t -> t.copiedAt() == null)
            .map(PipelineTableRow::source)
            .collect(Collectors.toMap(TableId::toString, t -> t));
    if (waiting.isEmpty()
        || waiting.size() == tables.size()
        || !SourceTranslator.copiesThenReadsLog(pipelineDao.sourceStateId(row.id()))) {
      return; // nothing added, the first copy has not ended, or a job that does not copy them
    }
    for (ResnapshotProgress p : ask(row, new ResnapshotRequest.Query()).tables()) {
      TableId table = p.phase() == ResnapshotProgress.Phase.DONE ? waiting.remove(p.table()) : null;
      if (table != null) {
        pipelineDao.markTableCopied(row.id(), table.schema(), table.name());
      }
    }
  }

  /** Why the pipeline's job has no resnapshot coordinator. */
  private String whyNot(PipelineRow row) {
    try {
      Optional<String> reason = ResnapshotTranslator.reasonNotSupported(checks.compile(row.id()));
      if (reason.isPresent()) {
        return "'" + row.name() + "' cannot copy a table again while streaming: " + reason.get();
      }
    } catch (ApiProblem e) {
      // the definition no longer compiles: the job was started from an earlier one
    }
    return "the job of '"
        + row.name()
        + "' was started before cdcflow could copy a table again while streaming; stop the"
        + " pipeline and start it again";
  }

  private Optional<String> job(PipelineRow row) {
    return runs.latest(row.id()).map(PipelineRunRow::flinkJobId);
  }

  private ResnapshotRequest.Response ask(PipelineRow row, ResnapshotRequest request) {
    String jobId =
        job(row)
            .orElseThrow(
                () -> new ApiProblem(409, "No job", "'" + row.name() + "' runs no job", List.of()));
    try {
      return ResnapshotRequest.response(
          flink.coordinate(
              jobId,
              ResnapshotTranslator.OPERATOR_ID,
              ResnapshotRequest.REQUEST_FIELD,
              request.serialized(),
              ResnapshotRequest.RESPONSE_FIELD));
    } catch (FlinkClusterException e) {
      if (e.isUnreachable() || e.status() >= 503) {
        throw new ApiProblem(
            503,
            "Flink did not answer",
            "the job of '"
                + row.name()
                + "' did not answer in time ("
                + e.getMessage()
                + "); a copy asked for may have been taken: see GET /api/pipelines/"
                + row.name()
                + "/resnapshots",
            List.of());
      }
      throw new ApiProblem(409, "Job cannot copy a table again", whyNot(row) + ".", List.of());
    } catch (IOException e) {
      throw new ApiProblem(502, "Unreadable answer", e.getMessage(), List.of());
    }
  }
}
