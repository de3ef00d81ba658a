package io.cdcflow.api.verification;

import io.cdcflow.api.pipelines.PipelineService;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.api.verification.TableWalk.Suspect;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.catalog.store.VerificationFindingDao;
import io.cdcflow.catalog.store.VerificationFindingRow;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns keys found wrong twice into a finding: a new one, or the open finding of the same range
 * updated; keys another open finding names already are not counted again. Asks for the repair when
 * the pipeline's {@code auto_repair} says so.
 */
final class FindingRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(FindingRecorder.class);

  private final VerificationFindingDao findings;
  private final PipelineService pipelines;
  private final FindingRepair repair;
  private final FindingJson json;

  FindingRecorder(
      VerificationFindingDao findings,
      PipelineService pipelines,
      FindingRepair repair,
      FindingJson json) {
    this.findings = findings;
    this.pipelines = pipelines;
    this.repair = repair;
    this.json = json;
  }

  void record(PipelineRow row, Suspect suspect, DifferingKeys found) {
    String from = json.text(suspect.from());
    String to = json.text(suspect.to());
    List<VerificationFindingRow> open =
        findings.open(row.id()).stream()
            .filter(f -> f.sourceTable().equals(suspect.table()))
            .toList();
    Optional<VerificationFindingRow> known =
        open.stream()
            .filter(f -> json.sameBound(f.rangeFrom(), from) && json.sameBound(f.rangeTo(), to))
            .findFirst();
    // ranges share their bounds (both inclusive): a key at one is another finding's already
    DifferingKeys keys = found;
    for (VerificationFindingRow other : open) {
      if (known.isEmpty() || !other.id().equals(known.get().id())) {
        keys = keys.without(json.keys(other.keysJson()));
      }
    }
    if (keys.isEmpty()) {
      return;
    }
    if (known.isPresent()) {
      stillDifferent(known.get(), keys);
      return;
    }
    findings.insert(
        UUID.randomUUID(),
        row.id(),
        suspect.table(),
        from,
        to,
        keys.missingInTarget().size(),
        keys.extraInTarget().size(),
        keys.different().size(),
        json.text(keys));
    LOG.warn(
        "Pipeline '{}': {} differs from its target in keys {}..{}: {} rows missing, {} extra, {}"
            + " different, also after the lag had passed",
        row.name(),
        suspect.table(),
        from,
        to,
        keys.missingInTarget().size(),
        keys.extraInTarget().size(),
        keys.different().size());
    if (Boolean.TRUE.equals(pipelines.definition(row).options().autoRepair())) {
      try {
        repair.repairNew(row.id());
      } catch (ApiProblem e) {
        LOG.warn("Pipeline '{}' not repaired: {}", row.name(), e.getMessage());
      }
    }
  }

  /** The finding is still open with these keys wrong. */
  void stillDifferent(VerificationFindingRow finding, DifferingKeys keys) {
    findings.stillDifferent(
        finding.id(),
        keys.missingInTarget().size(),
        keys.extraInTarget().size(),
        keys.different().size(),
        json.text(keys));
  }

  /** The finding is still open, as it was: nothing was learnt about its keys. */
  void unchanged(VerificationFindingRow finding) {
    findings.stillDifferent(
        finding.id(),
        finding.missingInTarget(),
        finding.extraInTarget(),
        finding.different(),
        finding.keysJson());
  }
}
