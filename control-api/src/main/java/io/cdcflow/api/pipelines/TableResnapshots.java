package io.cdcflow.api.pipelines;

import io.cdcflow.api.flink.FlinkClusterException;
import io.cdcflow.api.flink.FlinkRestClient;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.catalog.store.PipelineRunDao;
import io.cdcflow.catalog.store.PipelineRunRow;
import io.cdcflow.jobs.resnapshot.ResnapshotRequest;
import io.cdcflow.jobs.resnapshot.ResnapshotTranslator;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Copies one table of a streaming pipeline again inside its running job (the other tables keep
 * streaming), by asking the job's resnapshot coordinator through Flink's REST API; and lists those
 * copies with their progress.
 */
public final class TableResnapshots {

  private final PipelineService pipelines;
  private final PipelineLifecycle lifecycle;
  private final PipelineRunDao runs;
  private final FlinkRestClient flink;

  public TableResnapshots(
      PipelineService pipelines,
      PipelineLifecycle lifecycle,
      PipelineRunDao runs,
      FlinkRestClient flink) {
    this.pipelines = pipelines;
    this.lifecycle = lifecycle;
    this.runs = runs;
    this.flink = flink;
  }

  /**
   * Asks for the table ({@code schema.table}, or the table name when unique) to be copied again;
   * returns once a checkpoint of the job holds the request.
   */
  public ResnapshotView request(UUID id, String table) {
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
    ResnapshotRequest.Response answer = ask(row, new ResnapshotRequest.Start(table));
    if (answer.refusal() != null) {
      boolean unknown = answer.refusal().contains("copies no table");
      throw new ApiProblem(
          unknown ? 404 : 409,
          unknown ? "No such table in the pipeline" : "Table not copied again",
          answer.refusal(),
          List.of());
    }
    return ResnapshotView.of(answer.request());
  }

  /** Every copy-again of the pipeline's current job, oldest first; none when it runs no job. */
  public List<ResnapshotView> list(UUID id) {
    PipelineRow row = lifecycle.refresh(pipelines.row(id));
    if (!row.state().isActive() || job(row).isEmpty()) {
      return List.of();
    }
    return ask(row, new ResnapshotRequest.Query()).tables().stream()
        .map(ResnapshotView::of)
        .toList();
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
      throw new ApiProblem(
          409,
          "Job cannot copy a table again",
          "the job of '"
              + row.name()
              + "' did not take the request ("
              + e.getMessage()
              + "). Only FULL_LOAD_AND_CDC jobs that copy by key ranges, started by this version"
              + " of cdcflow, copy a table again while streaming; a job started earlier does"
              + " after a stop and a start.",
          List.of());
    } catch (IOException e) {
      throw new ApiProblem(502, "Unreadable answer", e.getMessage(), List.of());
    }
  }
}
