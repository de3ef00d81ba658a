package io.cdcflow.api.monitoring;

import io.cdcflow.api.flink.AggregatedMetric;
import io.cdcflow.api.flink.CheckpointStats;
import io.cdcflow.api.flink.FlinkClusterException;
import io.cdcflow.api.flink.FlinkRestClient;
import io.cdcflow.api.flink.JobDetails;
import io.cdcflow.api.flink.MetricValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a pipeline job's figures through the Flink REST API: job state and restarts, checkpoint
 * statistics, the source's and the sink's metrics over their subtasks, and the source enumerator's
 * snapshot progress. A pipeline job has two vertices: the source first, the sink last. Parts Flink
 * cannot answer (a restarting job has no task metrics) are left empty; only an unknown job or an
 * unreachable cluster is an error.
 */
public final class JobFiguresReader {

  private static final Logger LOG = LoggerFactory.getLogger(JobFiguresReader.class);

  /** Source metrics worth reading; Flink CDC's per-table reader metrics are left to Prometheus. */
  static final Set<String> SOURCE_METRICS =
      Set.of(
          "numRecordsOut",
          "currentFetchEventTimeLag",
          "currentEmitEventTimeLag",
          "sourceIdleTime",
          "numSnapshotRecords");

  static final Set<String> SINK_METRICS =
      Set.of(
          "numRecordsIn",
          "numRecordsSend",
          "lastAppliedSourceTimestampMs",
          "lastAppliedSourcePosition",
          "bufferedRows",
          "flushLatencyMs");

  static final Set<String> ENUMERATOR_METRICS =
      Set.of(
          "isSnapshotting",
          "isStreamReading",
          "numTablesSnapshotted",
          "numTablesRemaining",
          "numSnapshotSplitsProcessed",
          "numSnapshotSplitsRemaining");

  private static final String ROWS_WRITTEN = "rowsWritten";
  private static final Pattern TABLE_SPLITS =
      Pattern.compile(
          ".*\\.schema\\.(.+)\\.table\\.(.+)\\.(numSnapshotSplitsProcessed|numSnapshotSplitsRemaining"
              + "|numSnapshotRowsEstimated|numSnapshotRowsCopied|snapshotRowsPerSecond"
              + "|snapshotEtaSeconds)");
  private static final Pattern TABLE_METRIC =
      Pattern.compile(".*\\.schema\\.(.+)\\.table\\.(.+)\\." + ROWS_WRITTEN);

  /**
   * Flink's REST server refuses a request line over 4,096 bytes (Netty's default): metric ids are
   * asked for in batches of at most this many characters, URL-encoded.
   */
  private static final int IDS_CHARS_PER_REQUEST = 3000;

  private final FlinkRestClient flink;

  public JobFiguresReader(FlinkRestClient flink) {
    this.flink = flink;
  }

  /** Everything at once, for the collector. */
  public JobFigures read(String jobId) {
    JobDetails job = flink.job(jobId);
    OptionalDouble restarts = jobMetric(jobId, "numRestarts");
    Optional<CheckpointStats> checkpoints;
    try {
      checkpoints = Optional.of(flink.checkpoints(jobId));
    } catch (FlinkClusterException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      checkpoints = Optional.empty();
    }
    Map<String, JobFigures.Aggregate> source = Map.of();
    Map<String, JobFigures.Aggregate> sink = Map.of();
    Map<String, Double> perTable = new HashMap<>();
    Map<String, Double> enumerator = Map.of();
    Map<String, Map<String, Double>> snapshotPerTable = new TreeMap<>();
    if (!job.vertices().isEmpty()) {
      String sourceVertex = job.vertices().get(0).id();
      String sinkVertex = job.vertices().get(job.vertices().size() - 1).id();
      boolean chained = job.vertices().size() == 1;
      source =
          vertexMetrics(
              jobId, sourceVertex, SOURCE_METRICS, null, chained ? Role.SOURCE : Role.TASK);
      sink =
          vertexMetrics(jobId, sinkVertex, SINK_METRICS, perTable, chained ? Role.SINK : Role.TASK);
      enumerator = enumeratorMetrics(jobId, sourceVertex, ENUMERATOR_METRICS, snapshotPerTable);
    }
    return new JobFigures(
        jobId,
        job.state(),
        job.isFullyRunning(),
        restarts,
        checkpoints,
        source,
        sink,
        enumerator,
        perTable,
        snapshotPerTable);
  }

  /**
   * The source enumerator's job-level metrics with these names only (a few calls); empty when the
   * job or its metrics cannot be read.
   */
  public Map<String, Double> enumerator(String jobId, Set<String> names) {
    return enumerator(jobId, names, null);
  }

  /**
   * As {@link #enumerator(String, Set)}, and with {@code perTable} not null also each table's
   * snapshot gauges into it, keyed {@code schema.table}.
   */
  public Map<String, Double> enumerator(
      String jobId, Set<String> names, Map<String, Map<String, Double>> perTable) {
    try {
      JobDetails job = flink.job(jobId);
      return job.vertices().isEmpty()
          ? Map.of()
          : enumeratorMetrics(jobId, job.vertices().get(0).id(), names, perTable);
    } catch (FlinkClusterException e) {
      LOG.debug("Enumerator metrics of {} unavailable: {}", jobId, e.getMessage());
      return Map.of();
    }
  }

  /** The sink's metrics only; empty when the job or its metrics cannot be read. */
  public Map<String, JobFigures.Aggregate> sink(String jobId) {
    try {
      JobDetails job = flink.job(jobId);
      return job.vertices().isEmpty()
          ? Map.of()
          : vertexMetrics(
              jobId,
              job.vertices().get(job.vertices().size() - 1).id(),
              SINK_METRICS,
              null,
              job.vertices().size() == 1 ? Role.SINK : Role.TASK);
    } catch (FlinkClusterException e) {
      LOG.debug("Sink metrics of {} unavailable: {}", jobId, e.getMessage());
      return Map.of();
    }
  }

  /** The root cause of the job's newest failure, if Flink still has it. */
  public Optional<String> latestFailure(String jobId) {
    try {
      return flink.exceptions(jobId).latest().map(f -> f.rootCause());
    } catch (FlinkClusterException e) {
      return Optional.empty();
    }
  }

  private OptionalDouble jobMetric(String jobId, String name) {
    try {
      for (MetricValue m : flink.jobMetrics(jobId, List.of(name))) {
        if (m.value().isPresent()) {
          return OptionalDouble.of(parse(m.value().get()));
        }
      }
    } catch (FlinkClusterException e) {
      LOG.debug("Job metric {} of {} unavailable: {}", name, jobId, e.getMessage());
    }
    return OptionalDouble.empty();
  }

  /**
   * Whose metrics of a vertex are wanted. Task-level ids ({@code numRecordsIn}) are preferred to
   * operator-level ones ({@code <operator>.numRecordsIn}) of the same name: the task's count is
   * what crosses the network between the two vertices. A job whose source and sink run chained in
   * one vertex (a COPY full load) has no such traffic: its source's figures are the source
   * operator's ({@code Source__...}), its sink's the other operator's.
   */
  private enum Role {
    TASK,
    SOURCE,
    SINK;

    /** How well the id serves this role; 0: not at all. */
    int preference(String id, String name) {
      boolean task = id.equals(name);
      boolean source = id.startsWith("Source");
      return switch (this) {
        case TASK -> task ? 2 : 1;
        case SOURCE -> source ? 2 : task ? 1 : 0;
        case SINK -> !task && !source ? 2 : task ? 1 : 0;
      };
    }
  }

  /** The wanted metrics of a vertex for the role, summed (and min/max) over subtasks. */
  private Map<String, JobFigures.Aggregate> vertexMetrics(
      String jobId, String vertexId, Set<String> wanted, Map<String, Double> perTable, Role role) {
    Map<String, JobFigures.Aggregate> values = new HashMap<>();
    try {
      Map<String, String> chosen = new HashMap<>();
      List<String> tableIds = new ArrayList<>();
      for (AggregatedMetric m : flink.subtaskMetrics(jobId, vertexId, List.of())) {
        String id = m.id();
        String name = shortName(id);
        if (wanted.contains(name)) {
          String before = chosen.get(name);
          int preference = role.preference(id, name);
          if (preference > 0 && (before == null || preference > role.preference(before, name))) {
            chosen.put(name, id);
          }
        } else if (perTable != null && name.equals(ROWS_WRITTEN)) {
          tableIds.add(id);
        }
      }
      List<String> ids = new ArrayList<>(chosen.values());
      ids.addAll(tableIds);
      for (List<String> batch : batches(ids)) {
        for (AggregatedMetric m : flink.subtaskMetrics(jobId, vertexId, batch)) {
          if (m.sum().isEmpty()) {
            continue;
          }
          Matcher table = TABLE_METRIC.matcher(m.id());
          if (perTable != null && table.matches()) {
            perTable.merge(
                table.group(1) + "." + table.group(2), m.sum().getAsDouble(), Double::sum);
          } else if (chosen.get(shortName(m.id())) != null
              && chosen.get(shortName(m.id())).equals(m.id())) {
            values.put(
                shortName(m.id()),
                new JobFigures.Aggregate(
                    m.sum().getAsDouble(),
                    m.min().orElse(m.sum().getAsDouble()),
                    m.max().orElse(m.sum().getAsDouble())));
          }
        }
      }
    } catch (FlinkClusterException e) {
      LOG.debug("Metrics of vertex {} of {} unavailable: {}", vertexId, jobId, e.getMessage());
    }
    return values;
  }

  /**
   * Job-level enumerator metrics; with {@code perTable}, also the snapshot split counts of each
   * table ({@code ...schema.<s>.table.<t>.numSnapshotSplits...}), keyed {@code schema.table}.
   */
  private Map<String, Double> enumeratorMetrics(
      String jobId, String vertexId, Set<String> names, Map<String, Map<String, Double>> perTable) {
    Map<String, Double> values = new HashMap<>();
    try {
      List<String> ids =
          flink.jobManagerOperatorMetrics(jobId, vertexId, List.of()).stream()
              .map(MetricValue::id)
              .filter(
                  id ->
                      id.contains(".table.")
                          ? perTable != null && TABLE_SPLITS.matcher(id).matches()
                          : names.contains(shortName(id)))
              .toList();
      for (List<String> batch : batches(ids)) {
        for (MetricValue m : flink.jobManagerOperatorMetrics(jobId, vertexId, batch)) {
          if (m.value().isEmpty()) {
            continue;
          }
          Matcher table = TABLE_SPLITS.matcher(m.id());
          if (table.matches()) {
            perTable
                .computeIfAbsent(table.group(1) + "." + table.group(2), t -> new TreeMap<>())
                .put(table.group(3), parse(m.value().get()));
          } else {
            values.put(shortName(m.id()), parse(m.value().get()));
          }
        }
      }
    } catch (FlinkClusterException e) {
      LOG.debug("Enumerator metrics of {} unavailable: {}", jobId, e.getMessage());
    }
    return values;
  }

  /** The ids in batches whose query fits in one request line. */
  static List<List<String>> batches(List<String> ids) {
    List<List<String>> batches = new ArrayList<>();
    List<String> batch = new ArrayList<>();
    int chars = 0;
    for (String id : ids) {
      int length = URLEncoder.encode(id, StandardCharsets.UTF_8).length() + 1;
      if (!batch.isEmpty() && chars + length > IDS_CHARS_PER_REQUEST) {
        batches.add(batch);
        batch = new ArrayList<>();
        chars = 0;
      }
      batch.add(id);
      chars += length;
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  private static String shortName(String id) {
    return id.substring(id.lastIndexOf('.') + 1);
  }

  private static double parse(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return "true".equalsIgnoreCase(value) ? 1.0 : 0.0;
    }
  }
}
