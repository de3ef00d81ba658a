package io.cdcflow.jobs.event;

import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.jobs.spec.TableSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What became of MySQL/MariaDB tables' columns, read from the DDL in the binlog, which comes before
 * the rows that have the new columns: {@code RENAME COLUMN a TO b} and {@code CHANGE [COLUMN] a b
 * ...} rename, {@code DROP [COLUMN] a} drops. Column names are matched regardless of case, as MySQL
 * does.
 */
final class MySqlColumnEvidence implements TableColumns.SourceEvidence {

  private static final String NAME = "(`(?:[^`]|``)+`|[\\w$]+)";
  private static final Pattern RENAME_COLUMN =
      Pattern.compile(
          "\\brename\\s+column\\s+" + NAME + "\\s+to\\s+" + NAME, Pattern.CASE_INSENSITIVE);
  private static final Pattern CHANGE_COLUMN =
      Pattern.compile(
          "\\bchange\\s+(?:column\\s+)?(?:if\\s+exists\\s+)?" + NAME + "\\s+" + NAME,
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DROP_COLUMN =
      Pattern.compile(
          "\\bdrop\\s+(?:column\\s+)?(?:if\\s+exists\\s+)?"
              + "(?!(?:primary|index|key|foreign|constraint|check|partition|unique|fulltext"
              + "|spatial|system)\\b)"
              + NAME,
          Pattern.CASE_INSENSITIVE);

  private final Map<TableId, Map<String, String>> renames = new HashMap<>();
  private final Map<TableId, Set<String>> drops = new HashMap<>();

  /** Notes the column renames and drops of an {@code ALTER TABLE} of {@code table}. */
  void altered(TableId table, String ddl) {
    for (Pattern p : List.of(RENAME_COLUMN, CHANGE_COLUMN)) {
      Matcher m = p.matcher(ddl);
      while (m.find()) {
        String from = lower(unquote(m.group(1)));
        String to = unquote(m.group(2));
        if (!from.equals(lower(to))) {
          renames.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(from, to);
        }
      }
    }
    Matcher drop = DROP_COLUMN.matcher(ddl);
    while (drop.find()) {
      drops.computeIfAbsent(table, t -> new HashSet<>()).add(lower(unquote(drop.group(1))));
    }
  }

  @Override
  public TableColumns.Evidence of(TableSpec table, List<String> gone, List<String> appeared) {
    Map<String, String> noted = renames.getOrDefault(table.sourceTable(), Map.of());
    Set<String> dropNoted = drops.getOrDefault(table.sourceTable(), Set.of());
    Map<String, String> renamed = new LinkedHashMap<>();
    Set<String> dropped = new HashSet<>();
    for (String name : gone) {
      String to = follow(noted, lower(name));
      String now =
          to == null
              ? null
              : appeared.stream().filter(a -> a.equalsIgnoreCase(to)).findFirst().orElse(null);
      if (now != null) {
        renamed.put(name, now);
      } else if (dropNoted.contains(lower(name))) {
        dropped.add(name);
      }
    }
    renamed.keySet().forEach(n -> noted.remove(lower(n)));
    dropped.forEach(n -> dropNoted.remove(lower(n)));
    return new TableColumns.Evidence(renamed, dropped);
  }

  /** Where a chain of renames (a to b, b to c) leads. */
  private static String follow(Map<String, String> noted, String name) {
    String to = noted.get(name);
    for (int i = 0; to != null && noted.containsKey(lower(to)) && i < noted.size(); i++) {
      to = noted.get(lower(to));
    }
    return to;
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static String unquote(String name) {
    return name.startsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
  }
}
