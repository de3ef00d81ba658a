package io.cdcflow.catalog.pipeline;

import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TablePattern;
import java.util.Collection;
import java.util.List;

/** Resolves include/exclude patterns against the tables a source actually has. */
public final class TableSelector {

  private final List<TablePattern> include;
  private final List<TablePattern> exclude;

  public TableSelector(TableSelection selection) {
    this.include = selection.include().stream().map(TablePattern::parse).toList();
    this.exclude = selection.exclude().stream().map(TablePattern::parse).toList();
  }

  /** The matching tables in the order given (sorted callers get sorted answers). */
  public List<TableId> select(Collection<TableId> available) {
    return available.stream()
        .filter(t -> include.stream().anyMatch(p -> p.matches(t)))
        .filter(t -> exclude.stream().noneMatch(p -> p.matches(t)))
        .toList();
  }

  /** The tables that include patterns name exactly ({@code schema.name}, no wildcard). */
  public List<TableId> namedTables() {
    return include.stream().flatMap(p -> p.literalTable().stream()).toList();
  }

  /** Include patterns that match none of the available tables: worth telling the user. */
  public List<String> unmatchedIncludes(Collection<TableId> available) {
    return include.stream()
        .filter(p -> available.stream().noneMatch(p::matches))
        .map(TablePattern::toString)
        .toList();
  }
}
