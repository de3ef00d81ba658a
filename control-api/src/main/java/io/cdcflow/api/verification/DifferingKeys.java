package io.cdcflow.api.verification;

import io.cdcflow.api.quality.ChecksumDetail;
import io.cdcflow.api.quality.ChecksumReport;
import io.cdcflow.api.quality.ChecksumReport.DifferentRow;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of one range that differ between source and target, by kind. Two checks the lag apart
 * are compared key by key: only a key wrong both times is a finding, since a row changed in between
 * is in flight, not wrong.
 */
record DifferingKeys(
    List<Map<String, String>> missingInTarget,
    List<Map<String, String>> extraInTarget,
    List<DifferentRow> different) {

  static DifferingKeys of(ChecksumReport report) {
    return new DifferingKeys(
        report.samples().missingInTarget(),
        report.samples().extraInTarget(),
        report.samples().different());
  }

  /**
   * The keys wrong the same way in both; a differing row keeps the columns found now. A row whose
   * source values changed between the two looks is in flight however often it is looked at, so it
   * counts only when its source stayed the same (when both looks know its version).
   */
  DifferingKeys alsoIn(DifferingKeys now) {
    Set<Map<String, String>> missing = new HashSet<>(missingInTarget);
    Set<Map<String, String>> extra = new HashSet<>(extraInTarget);
    Map<Map<String, String>, Integer> changed = new HashMap<>();
    different.forEach(d -> changed.put(d.key(), d.sourceVersion()));
    return new DifferingKeys(
        now.missingInTarget.stream().filter(missing::contains).toList(),
        now.extraInTarget.stream().filter(extra::contains).toList(),
        now.different.stream()
            .filter(d -> changed.containsKey(d.key()))
            .filter(
                d ->
                    changed.get(d.key()) == null
                        || d.sourceVersion() == null
                        || changed.get(d.key()).equals(d.sourceVersion()))
            .toList());
  }

  /** These keys but those {@code other} names. */
  DifferingKeys without(DifferingKeys other) {
    Set<Map<String, String>> named = new HashSet<>(other.missingInTarget);
    named.addAll(other.extraInTarget);
    other.different.forEach(d -> named.add(d.key()));
    return new DifferingKeys(
        missingInTarget.stream().filter(k -> !named.contains(k)).toList(),
        extraInTarget.stream().filter(k -> !named.contains(k)).toList(),
        different.stream().filter(d -> !named.contains(d.key())).toList());
  }

  /** Whether some kind names as many keys as {@code detail} allows (there may be more). */
  boolean capped(ChecksumDetail detail) {
    return missingInTarget.size() >= detail.samples()
        || extraInTarget.size() >= detail.samples()
        || different.size() >= detail.samples();
  }

  boolean isEmpty() {
    return missingInTarget.isEmpty() && extraInTarget.isEmpty() && different.isEmpty();
  }
}
