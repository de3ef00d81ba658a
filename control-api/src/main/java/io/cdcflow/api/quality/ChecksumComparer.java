package io.cdcflow.api.quality;

import io.cdcflow.api.quality.ChecksumReport.DifferentRow;
import io.cdcflow.api.quality.ChecksumReport.Samples;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares normalised source and target rows by key: matching, missing in the target, extra in the
 * target, different (with the differing columns); and a digest of each side. Rows are matched by
 * key through a map, so the two databases' sort orders (collations) need not agree.
 */
final class ChecksumComparer {

  private static final Comparator<List<String>> KEY_ORDER =
      (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          int c =
              Comparator.<String>nullsFirst(Comparator.naturalOrder()).compare(a.get(i), b.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.size(), b.size());
      };

  private ChecksumComparer() {}

  record Result(
      int matching,
      int missingInTarget,
      int extraInTarget,
      int different,
      Samples samples,
      String sourceDigest,
      String targetDigest) {}

  static Result compare(
      List<NormalisedRow> source,
      List<NormalisedRow> target,
      List<String> columns,
      List<String> keyColumns,
      ChecksumDetail detail) {
    int maxSamples = detail.samples();
    Map<List<String>, NormalisedRow> targetByKey = new HashMap<>();
    target.forEach(r -> targetByKey.put(r.key(), r));
    int matching = 0;
    int different = 0;
    int missing = 0;
    List<Map<String, String>> missingSamples = new ArrayList<>();
    List<DifferentRow> differentSamples = new ArrayList<>();
    Map<List<String>, Boolean> seen = new HashMap<>();
    for (NormalisedRow row : source) {
      seen.put(row.key(), true);
      NormalisedRow other = targetByKey.get(row.key());
      if (other == null) {
        missing++;
        if (missingSamples.size() < maxSamples) {
          missingSamples.add(key(keyColumns, row.key()));
        }
        continue;
      }
      List<String> differing = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        if (!Objects.equals(row.values().get(i), other.values().get(i))) {
          differing.add(columns.get(i));
        }
      }
      if (differing.isEmpty()) {
        matching++;
      } else {
        different++;
        if (differentSamples.size() < maxSamples) {
          differentSamples.add(
              new DifferentRow(key(keyColumns, row.key()), differing, row.values().hashCode()));
        }
      }
    }
    int extra = 0;
    List<Map<String, String>> extraSamples = new ArrayList<>();
    for (NormalisedRow row : target) {
      if (!seen.containsKey(row.key())) {
        extra++;
        if (extraSamples.size() < maxSamples) {
          extraSamples.add(key(keyColumns, row.key()));
        }
      }
    }
    return new Result(
        matching,
        missing,
        extra,
        different,
        new Samples(missingSamples, extraSamples, differentSamples),
        detail.digests() ? digest(source) : null,
        detail.digests() ? digest(target) : null);
  }

  private static Map<String, String> key(List<String> keyColumns, List<String> values) {
    Map<String, String> key = new LinkedHashMap<>();
    for (int i = 0; i < keyColumns.size(); i++) {
      key.put(keyColumns.get(i), values.get(i));
    }
    return key;
  }

  /** SHA-256 over the rows sorted by key: each value length-prefixed, NULL distinct from text. */
  static String digest(List<NormalisedRow> rows) {
    List<NormalisedRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(NormalisedRow::key, KEY_ORDER));
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (NormalisedRow row : sorted) {
        for (String value : row.values()) {
          if (value == null) {
            sha.update((byte) 0);
          } else {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            sha.update((byte) 1);
            sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) ':');
            sha.update(bytes);
          }
        }
        sha.update((byte) '\n');
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
