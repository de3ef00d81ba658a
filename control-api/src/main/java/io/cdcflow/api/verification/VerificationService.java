package io.cdcflow.api.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.pipelines.PipelineService;
import io.cdcflow.api.pipelines.ResnapshotView;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.catalog.store.VerificationFindingDao;
import io.cdcflow.catalog.store.VerificationFindingRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** The verifier's findings of a pipeline, and their repair. */
public final class VerificationService {

  private static final int RECENT = 50;

  private final ContinuousVerifier verifier;
  private final FindingRepair repair;
  private final VerificationFindingDao findings;
  private final PipelineService pipelines;
  private final FindingJson json;

  public VerificationService(
      ContinuousVerifier verifier,
      FindingRepair repair,
      VerificationFindingDao findings,
      PipelineService pipelines,
      ObjectMapper json) {
    this.verifier = verifier;
    this.repair = repair;
    this.findings = findings;
    this.pipelines = pipelines;
    this.json = new FindingJson(json);
  }

  public VerificationView view(UUID id) {
    PipelineRow row = pipelines.row(id);
    List<VerificationFindingRow> recent = findings.recent(id, RECENT);
    List<VerificationFindingRow> open = findings.open(id);
    Set<UUID> recentIds =
        recent.stream().map(VerificationFindingRow::id).collect(Collectors.toSet());
    List<VerificationFindingRow> shown = recent;
    if (recent.size() == RECENT && !open.stream().allMatch(f -> recentIds.contains(f.id()))) {
      // many resolved ones newer than an open one: the open ones matter, newest first
      shown = new ArrayList<>(open);
      Collections.reverse(shown);
    }
    var walk = verifier.walk(id);
    return new VerificationView(
        row.name(),
        verifier.policy().enabled(),
        verifier.verifies(row),
        Boolean.TRUE.equals(pipelines.definition(row).options().autoRepair()),
        findings.openRows(id),
        walk.flatMap(TableWalk::current).orElse(null),
        walk.flatMap(TableWalk::lastRound)
            .map(
                r ->
                    new VerificationView.LastRound(
                        r.endedAt(), r.took().toMillis() / 1000.0, r.rows()))
            .orElse(null),
        walk.map(TableWalk::sourceRowsPerSecond).orElse(0.0),
        walk.map(TableWalk::targetRowsPerSecond).orElse(0.0),
        walk.map(TableWalk::suspects).orElse(0),
        shown.stream().map(this::finding).toList());
  }

  /** Copies every table with an open finding again while the pipeline streams. */
  public List<ResnapshotView> repair(UUID id) {
    return repair.repair(id);
  }

  private VerificationView.Finding finding(VerificationFindingRow f) {
    return new VerificationView.Finding(
        f.id(),
        f.sourceTable(),
        json.node(f.rangeFrom()),
        json.node(f.rangeTo()),
        f.missingInTarget(),
        f.extraInTarget(),
        f.different(),
        json.node(f.keysJson()),
        f.foundAt(),
        f.checkedAt(),
        f.repairRequestedAt(),
        f.resolvedAt());
  }
}
