package io.cdcflow.api.verification;

import io.cdcflow.api.pipelines.ResnapshotView;
import io.cdcflow.api.pipelines.TableResnapshots;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.store.VerificationFindingDao;
import io.cdcflow.catalog.store.VerificationFindingRow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Repairs what the verifier found by copying each table with an open finding again inside the
 * running job (its key ranges read between two changes of the log, then the target swept of rows
 * the source no longer has), so the repair is ordered with the changes still streaming. The
 * verifier compares the findings' ranges again and resolves them once they match.
 */
public final class FindingRepair {

  private final VerificationFindingDao findings;
  private final TableResnapshots resnapshots;

  public FindingRepair(VerificationFindingDao findings, TableResnapshots resnapshots) {
    this.findings = findings;
    this.resnapshots = resnapshots;
  }

  /**
   * Every table with an open finding; a 409 when there is none, or the pipeline does not stream.
   */
  public List<ResnapshotView> repair(UUID pipelineId) {
    List<VerificationFindingRow> open = findings.open(pipelineId);
    if (open.isEmpty()) {
      throw ApiProblem.conflict(
          "the verifier has no open finding for this pipeline: nothing to repair");
    }
    return copyAgain(pipelineId, open);
  }

  /** The tables of findings not repaired yet (the verifier's automatic repair, at most once). */
  List<ResnapshotView> repairNew(UUID pipelineId) {
    List<VerificationFindingRow> fresh =
        findings.open(pipelineId).stream().filter(f -> f.repairRequestedAt() == null).toList();
    return fresh.isEmpty() ? List.of() : copyAgain(pipelineId, fresh);
  }

  /** The tables the pipeline's job is copying again: their ranges differ until the copy is done. */
  Set<String> tablesBeingCopied(UUID pipelineId) {
    return resnapshots.listAsRecorded(pipelineId).stream()
        .filter(v -> !v.state().equals("done") && !v.state().equals("failed"))
        .map(ResnapshotView::table)
        .collect(Collectors.toSet());
  }

  private List<ResnapshotView> copyAgain(UUID pipelineId, List<VerificationFindingRow> open) {
    Set<String> tables = new LinkedHashSet<>();
    open.forEach(f -> tables.add(f.sourceTable()));
    List<ResnapshotView> copies = new ArrayList<>();
    for (String table : tables) {
      copies.add(resnapshots.request(pipelineId, table));
      findings.repairRequested(pipelineId, table);
    }
    return copies;
  }
}
