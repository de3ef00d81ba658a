package io.cdcflow.api.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.pipelines.ResnapshotView;
import io.cdcflow.api.pipelines.TableResnapshots;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineTableRow;
import io.cdcflow.catalog.store.VerificationFindingDao;
import io.cdcflow.catalog.store.VerificationFindingRow;
import io.cdcflow.jobs.resnapshot.KeyBounds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Repairs what the verifier found by copying each open finding's key range again inside the running
 * job (read between two changes of the log, then the target swept of rows the source no longer has
 * in that range), so the repair is ordered with the changes still streaming. A range is bounded by
 * the first key column's values when they are integers; a finding on other keys has its whole table
 * copied (bounds as text might not read back alike at the source). The verifier compares the
 * findings' ranges again and resolves them once they match.
 */
public final class FindingRepair {

  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,38}");

  private final VerificationFindingDao findings;
  private final TableResnapshots resnapshots;
  private final PipelineDao pipelines;
  private final FindingJson json;

  public FindingRepair(
      VerificationFindingDao findings,
      TableResnapshots resnapshots,
      PipelineDao pipelines,
      ObjectMapper json) {
    this.findings = findings;
    this.resnapshots = resnapshots;
    this.pipelines = pipelines;
    this.json = new FindingJson(json);
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
    Map<String, String> firstKeys = new HashMap<>();
    for (PipelineTableRow t : pipelines.tables(pipelineId)) {
      if (!t.keyColumns().isEmpty()) {
        firstKeys.put(t.source().toString(), t.keyColumns().get(0));
      }
    }
    Map<String, Set<KeyBounds>> ranges = new LinkedHashMap<>();
    for (VerificationFindingRow f : open) {
      ranges
          .computeIfAbsent(f.sourceTable(), t -> new LinkedHashSet<>())
          .add(bounds(f, firstKeys.get(f.sourceTable())));
    }
    List<ResnapshotView> copies = new ArrayList<>();
    for (Map.Entry<String, Set<KeyBounds>> table : ranges.entrySet()) {
      // one copy of the whole table answers for all its ranges
      Set<KeyBounds> wanted =
          table.getValue().contains(KeyBounds.WHOLE) ? Set.of(KeyBounds.WHOLE) : table.getValue();
      for (KeyBounds b : wanted) {
        copies.add(resnapshots.request(pipelineId, table.getKey(), b));
      }
      findings.repairRequested(pipelineId, table.getKey());
    }
    return copies;
  }

  /**
   * The finding's range by its first key column, when its bounds are integers; else the whole
   * table.
   */
  private KeyBounds bounds(VerificationFindingRow finding, String firstKey) {
    if (firstKey == null) {
      return KeyBounds.WHOLE;
    }
    String from = value(finding.rangeFrom(), firstKey);
    String to = value(finding.rangeTo(), firstKey);
    boolean integers =
        (finding.rangeFrom() == null || isInteger(from))
            && (finding.rangeTo() == null || isInteger(to));
    return integers ? new KeyBounds(from, to) : KeyBounds.WHOLE;
  }

  /** The key column's value in a bound; the catalog keeps bounds as jsonb, which reorders keys. */
  private String value(String bound, String column) {
    JsonNode node = json.node(bound);
    return node == null || !node.hasNonNull(column) ? null : node.get(column).asText();
  }

  private static boolean isInteger(String value) {
    return value != null && INTEGER.matcher(value).matches();
  }
}
