package io.cdcflow.api.quality;

import io.cdcflow.api.connections.ConnectionErrors;
import io.cdcflow.api.pipelines.PipelineChecks;
import io.cdcflow.api.pipelines.PipelineChecks.ComparedTable;
import io.cdcflow.api.pipelines.PipelineChecks.Comparison;
import io.cdcflow.api.pipelines.SchemaDiff;
import io.cdcflow.api.quality.DataQualityReport.Drift;
import io.cdcflow.api.quality.DataQualityReport.RowComparison;
import io.cdcflow.api.quality.DataQualityReport.TableQuality;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.spec.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Data quality of a pipeline's copy: source and target row counts and schema drift per table, and
 * value-by-value checksums of key ranges. Reads only; nothing is written anywhere.
 */
public final class DataQualityService {

  public static final long DEFAULT_EXACT_THRESHOLD = 1_000_000L;
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_CHECKSUM_LIMIT = 10_000;
  public static final int MAX_CHECKSUM_LIMIT = 100_000;

  private final PipelineChecks checks;
  private final long exactThreshold;
  private final RowCounter counter;
  private final RangeReader reader;

  public DataQualityService(PipelineChecks checks) {
    this(checks, DEFAULT_EXACT_THRESHOLD, DEFAULT_STATEMENT_TIMEOUT);
  }

  /**
   * @param exactThreshold tables whose source estimate is at most this many rows are counted
   *     exactly, larger ones reported from statistics
   * @param statementTimeout the bound of every count and range read
   */
  public DataQualityService(PipelineChecks checks, long exactThreshold, Duration statementTimeout) {
    this.checks = checks;
    this.exactThreshold = exactThreshold;
    this.counter = new RowCounter(statementTimeout);
    this.reader = new RangeReader(statementTimeout);
  }

  public long exactThreshold() {
    return exactThreshold;
  }

  /**
   * The report the metrics collector reads: all tables, exact counts up to the configured threshold
   * (all of them when {@code exactCounts}), estimates above.
   */
  public DataQualityReport check(UUID pipelineId, boolean exactCounts) {
    return check(pipelineId, new CountOptions(exactCounts, exactThreshold, List.of()));
  }

  public DataQualityReport check(UUID pipelineId, CountOptions options) {
    Comparison comparison = checks.compareWithTarget(pipelineId);
    List<ComparedTable> tables = select(comparison, options.tables());
    Dialect sourceDialect = Dialect.of(comparison.source().type());
    Dialect targetDialect = Dialect.of(comparison.target().type());
    List<TableQuality> report = new ArrayList<>();
    try (Connection source = open(comparison.source(), "source");
        Connection target = open(comparison.target(), "target")) {
      RowCounter.Estimates sourceEstimates = new RowCounter.Estimates(source, sourceDialect);
      RowCounter.Estimates targetEstimates = new RowCounter.Estimates(target, targetDialect);
      for (ComparedTable t : tables) {
        long estimate = t.plan().estimatedRows();
        boolean exact = options.exact() || estimate < 0 || estimate <= options.exactThreshold();
        RowCount sourceCount =
            exact
                ? counter.exact(source, sourceDialect, t.plan().source())
                : sourceEstimates.of(t.plan().source());
        RowCount targetCount =
            t.target() == null
                ? RowCount.noTable()
                : exact
                    ? counter.exact(target, targetDialect, t.plan().target())
                    : targetEstimates.of(t.plan().target());
        SchemaDiff diff = t.diff();
        RowComparison rows = RowComparison.of(sourceCount, targetCount);
        report.add(
            new TableQuality(
                t.plan().source(),
                t.plan().target(),
                rows,
                new Drift(
                    diff.targetExists(),
                    diff.driftedColumns(t.spec().columns().size()),
                    diff.differences()),
                Boolean.FALSE.equals(rows.match())
                        && comparison.mode() == PipelineMode.FULL_LOAD_AND_CDC
                    ? "POST /api/pipelines/"
                        + comparison.pipeline()
                        + "/tables/"
                        + t.plan().source()
                        + "/resnapshot"
                    : null));
      }
    } catch (SQLException closing) {
      // the figures are read; a connection that fails to close changes nothing
    }
    return DataQualityReport.of(
        pipelineId, comparison.pipeline(), Instant.now(), options.exactThreshold(), report);
  }

  /** Compares the rows of one key range of one table, source against target. */
  public ChecksumReport checksum(UUID pipelineId, ChecksumRequest request) {
    validate(request);
    return checksum(checks.compareWithTarget(pipelineId), request, ChecksumDetail.API);
  }

  /**
   * The same within a comparison of the pipeline's tables already made (the verifier makes one per
   * round).
   */
  public ChecksumReport checksum(
      Comparison comparison, ChecksumRequest request, ChecksumDetail detail) {
    int limit = validate(request);
    TableId tableId = parseTable("table", request.table());
    ComparedTable table = find(comparison, tableId, "table");
    TableSpec spec = table.spec();
    List<String> keyColumns = spec.keyColumns();
    if (keyColumns.isEmpty()) {
      throw ApiProblem.invalid("table", tableId + " has no key to order its rows by");
    }
    if (table.target() == null) {
      throw ApiProblem.conflict(
          "target table " + table.plan().target() + " does not exist: nothing to compare");
    }
    KeyRange range = KeyRange.parse(request.from(), request.to(), keyColumns, table.source());
    List<String> compared = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (String column : spec.columnNames()) {
      (table.target().column(column).isPresent() ? compared : skipped).add(column);
    }
    for (String key : keyColumns) {
      if (!compared.contains(key)) {
        throw ApiProblem.conflict(
            "target table " + table.plan().target() + " lacks key column " + key);
      }
    }
    ValueReadings readings = ValueReadings.of(spec);

    Dialect sourceDialect = Dialect.of(comparison.source().type());
    Dialect targetDialect = Dialect.of(comparison.target().type());
    try (Connection source = open(comparison.source(), "source");
        Connection target = open(comparison.target(), "target")) {
      List<NormalisedRow> sourceRows;
      try {
        sourceRows =
            reader.read(
                source,
                sourceDialect,
                tableId,
                compared,
                keyColumns,
                range.bind(table.source(), true),
                limit,
                readings);
      } catch (SQLException e) {
        throw readFailed("source", tableId, e);
      }
      boolean truncated = sourceRows.size() == limit;
      KeyRange targetRange = truncated ? range.upTo(sourceRows.get(limit - 1).key()) : range;
      // the target may hold extra rows in the range: read up to twice as many before giving up
      int targetLimit = Math.min(2 * limit, 2 * MAX_CHECKSUM_LIMIT);
      List<NormalisedRow> targetRows;
      try {
        targetRows =
            reader.read(
                target,
                targetDialect,
                table.plan().target(),
                compared,
                keyColumns,
                targetRange.bind(table.target(), false),
                targetLimit,
                readings);
      } catch (SQLException e) {
        throw readFailed("target", table.plan().target(), e);
      }
      truncated = truncated || targetRows.size() == targetLimit;
      ChecksumComparer.Result result =
          ChecksumComparer.compare(sourceRows, targetRows, compared, keyColumns, detail);
      return new ChecksumReport(
          comparison.pipeline(),
          tableId,
          table.plan().target(),
          keyColumns,
          bound(keyColumns, targetRange.from()),
          bound(keyColumns, targetRange.to()),
          limit,
          truncated,
          compared,
          skipped,
          sourceRows.size(),
          targetRows.size(),
          result.matching(),
          result.missingInTarget(),
          result.extraInTarget(),
          result.different(),
          result.missingInTarget() == 0 && result.extraInTarget() == 0 && result.different() == 0,
          result.sourceDigest(),
          result.targetDigest(),
          result.samples());
    } catch (SQLException closing) {
      throw new IllegalStateException("closing a connection failed", closing);
    }
  }

  private static int validate(ChecksumRequest request) {
    int limit = request.limit() == null ? DEFAULT_CHECKSUM_LIMIT : request.limit();
    if (limit < 1 || limit > MAX_CHECKSUM_LIMIT) {
      throw ApiProblem.invalid("limit", "between 1 and " + MAX_CHECKSUM_LIMIT);
    }
    if (request.table() == null || request.table().isBlank()) {
      throw ApiProblem.invalid("table", "required: the source table, schema.table");
    }
    return limit;
  }

  private static ApiProblem readFailed(String side, TableId table, SQLException e) {
    return ApiProblem.databaseUnavailable(
        "reading "
            + table
            + " on the "
            + side
            + " failed: "
            + RowCounter.firstLine(e.getMessage()));
  }

  private static Map<String, String> bound(List<String> keyColumns, List<String> values) {
    if (values == null) {
      return null;
    }
    Map<String, String> bound = new LinkedHashMap<>();
    for (int i = 0; i < keyColumns.size(); i++) {
      bound.put(keyColumns.get(i), values.get(i));
    }
    return bound;
  }

  private static List<ComparedTable> select(Comparison comparison, List<String> names) {
    if (names.isEmpty()) {
      return comparison.tables();
    }
    List<ComparedTable> selected = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      TableId id = parseTable("tables[" + i + "]", names.get(i));
      selected.add(find(comparison, id, "tables[" + i + "]"));
    }
    return selected;
  }

  private static TableId parseTable(String field, String text) {
    try {
      return TableId.parse(text.trim(), null);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalid(field, e.getMessage());
    }
  }

  private static ComparedTable find(Comparison comparison, TableId id, String field) {
    return comparison.tables().stream()
        .filter(t -> t.plan().source().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new ApiProblem(
                    404,
                    "Not found",
                    "table '" + id + "' is not a table of pipeline '" + comparison.pipeline() + "'",
                    List.of(
                        new ApiProblem.FieldError(
                            field, "not a source table of the pipeline: " + id))));
  }

  private static Connection open(ConnectionConfig config, String side) {
    try {
      return JdbcConnector.open(config);
    } catch (SQLException e) {
      throw ApiProblem.databaseUnavailable(side + ": " + ConnectionErrors.describe(e, config));
    }
  }

  /**
   * What to count.
   *
   * @param exact count every table exactly, whatever its size
   * @param exactThreshold the largest source estimate counted exactly when {@code exact} is off
   * @param tables only these source tables ({@code schema.table}); empty = all
   */
  public record CountOptions(boolean exact, long exactThreshold, List<String> tables) {
    public CountOptions {
      tables = List.copyOf(tables);
    }
  }
}
