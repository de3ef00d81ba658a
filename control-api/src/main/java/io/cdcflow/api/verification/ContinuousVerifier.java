package io.cdcflow.api.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.monitoring.MetricsCollector;
import io.cdcflow.api.monitoring.PipelineMetric;
import io.cdcflow.api.pipelines.PipelineChecks;
import io.cdcflow.api.pipelines.PipelineChecks.ComparedTable;
import io.cdcflow.api.pipelines.PipelineChecks.Comparison;
import io.cdcflow.api.pipelines.PipelineService;
import io.cdcflow.api.quality.ChecksumDetail;
import io.cdcflow.api.quality.ChecksumReport;
import io.cdcflow.api.quality.ChecksumRequest;
import io.cdcflow.api.quality.DataQualityService;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.api.verification.TableWalk.Suspect;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import io.cdcflow.catalog.store.VerificationFindingDao;
import io.cdcflow.catalog.store.VerificationFindingRow;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the source and target of every streaming pipeline that copied its tables, in the
 * background, one key range at a time (the data-quality checksum, row by row), round after round
 * over every table. A range that differs is compared again once the pipeline's lag has passed, and
 * only the keys wrong both times become a finding (stored, alerted as ROW_MISMATCH, shown in health
 * and metrics); an open finding's range is compared again until it matches. One thread serves all
 * pipelines, paced by {@link VerifierPolicy}: rows per second and a share of one core.
 */
public final class ContinuousVerifier implements MetricsCollector.FigureSource, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ContinuousVerifier.class);

  /** Times a range found different with other keys each time is compared before it is let go. */
  private static final int ATTEMPTS = 3;

  private static final Duration IDLE = Duration.ofSeconds(1);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Duration LEAST_PAUSE = Duration.ofMillis(50);

  private final VerifierPolicy policy;
  private final PipelineDao pipelineDao;
  private final PipelineChecks checks;
  private final DataQualityService quality;
  private final VerificationFindingDao findings;
  private final FindingRepair repair;
  private final MetricsCollector collector;
  private final FindingJson json;
  private final FindingRecorder recorder;
  private final Clock clock;
  private final Map<UUID, TableWalk> walks = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;
  private int turn;

  /**
   * @param collector whose newest round tells how far each pipeline's target is behind
   */
  public ContinuousVerifier(
      VerifierPolicy policy,
      PipelineDao pipelineDao,
      PipelineService pipelines,
      PipelineChecks checks,
      DataQualityService quality,
      VerificationFindingDao findings,
      FindingRepair repair,
      MetricsCollector collector,
      ObjectMapper json,
      Clock clock) {
    this.policy = policy;
    this.pipelineDao = pipelineDao;
    this.checks = checks;
    this.quality = quality;
    this.findings = findings;
    this.repair = repair;
    this.collector = collector;
    this.json = new FindingJson(json);
    this.recorder = new FindingRecorder(findings, pipelines, repair, this.json);
    this.clock = clock;
    this.thread = new Thread(this::run, "cdcflow-verifier");
    this.thread.setDaemon(true);
  }

  public ContinuousVerifier start() {
    if (policy.enabled()) {
      thread.start();
    }
    return this;
  }

  public VerifierPolicy policy() {
    return policy;
  }

  /** Whether the verifier compares this pipeline (it copied its tables, and streams now). */
  public boolean verifies(PipelineRow row) {
    return policy.enabled()
        && row.mode() == PipelineMode.FULL_LOAD_AND_CDC
        && row.state() == PipelineState.STREAMING;
  }

  /** Where the verifier stands in the pipeline; empty before its first range. */
  Optional<TableWalk> walk(UUID pipelineId) {
    return Optional.ofNullable(walks.get(pipelineId));
  }

  @Override
  public Map<PipelineMetric, Double> figures(PipelineRow row, Instant now) {
    if (!policy.enabled() || row.mode() != PipelineMode.FULL_LOAD_AND_CDC) {
      return Map.of();
    }
    Map<PipelineMetric, Double> figures = new EnumMap<>(PipelineMetric.class);
    figures.put(PipelineMetric.ROWS_MISMATCHED, (double) findings.openRows(row.id()));
    TableWalk walk = walks.get(row.id());
    if (walk != null && verifies(row)) {
      figures.put(PipelineMetric.VERIFIED_ROWS_PER_SECOND, walk.sourceRowsPerSecond());
      walk.lastRound()
          .ifPresent(
              r -> figures.put(PipelineMetric.VERIFY_ROUND_SECONDS, r.took().toMillis() / 1000.0));
    }
    return figures;
  }

  private void run() {
    while (!closed) {
      Duration pause;
      try {
        pause = step();
      } catch (RuntimeException e) {
        LOG.debug("verifier step failed: {}", e.getMessage());
        pause = IDLE;
      }
      try {
        Thread.sleep(Math.max(LEAST_PAUSE.toMillis(), pause.toMillis()));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One range of one pipeline, the pipelines taken in turn; returns the pause it earned. */
  private Duration step() {
    List<PipelineRow> verified = pipelineDao.list().stream().filter(this::verifies).toList();
    walks.keySet().retainAll(verified.stream().map(PipelineRow::id).toList());
    for (int i = 0; i < verified.size(); i++) {
      PipelineRow row = verified.get(Math.floorMod(turn++, verified.size()));
      TableWalk walk = walks.computeIfAbsent(row.id(), id -> new TableWalk());
      long started = System.nanoTime();
      long cpu = THREADS.getCurrentThreadCpuTime();
      int rows = work(row, walk);
      if (rows >= 0) {
        return policy.pauseAfter(
            Duration.ofNanos(System.nanoTime() - started),
            Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - cpu),
            rows);
      }
    }
    return IDLE;
  }

  /** Source rows read (the target reads about as many); -1 when the pipeline has nothing to do. */
  private int work(PipelineRow row, TableWalk walk) {
    Instant now = clock.instant();
    Optional<Suspect> suspect = walk.takeDue(now);
    if (suspect.isPresent()) {
      return compareAgain(row, walk, suspect.get());
    }
    // every other step at most, so that many open findings do not stop the round
    if (walk.findingsTurn()) {
      for (VerificationFindingRow open : findings.open(row.id())) {
        if (!now.isBefore(open.checkedAt().plus(recheckDelay(row)))) {
          return checkFinding(row, walk, open);
        }
      }
    }
    if (walk.roundDue(now, policy.recheckAfter())) {
      walk.startRound(checks.compareWithTarget(row.id()), repair.tablesBeingCopied(row.id()), now);
    }
    Optional<Comparison> comparison = walk.comparison();
    if (comparison.isEmpty()) {
      return -1;
    }
    Optional<ComparedTable> table = walk.table();
    if (table.isEmpty()) {
      walk.endRound(now);
      walk.lastRound()
          .ifPresent(
              r ->
                  LOG.info(
                      "Pipeline '{}': verifier round done, {} source rows compared in {} s",
                      row.name(),
                      r.rows(),
                      r.took().toSeconds()));
      return -1;
    }
    String name = table.get().plan().source().toString();
    ChecksumReport report;
    try {
      report = compare(comparison.get(), name, walk.from(), null, policy.chunkRows());
    } catch (ApiProblem e) {
      if (e.status() == 422 || e.status() >= 500) {
        // a database out of reach: this round says nothing, the next one starts over
        LOG.info("Verifier round of pipeline '{}' given up: {}", row.name(), e.getMessage());
        walk.abandonRound();
        return 0;
      }
      LOG.info("Verifier skips {} of pipeline '{}': {}", name, row.name(), e.getMessage());
      walk.advance(null);
      return 0;
    }
    walk.read(report.sourceRows(), report.targetRows(), now);
    if (!report.match()) {
      walk.suspect(
          new Suspect(
              name,
              json.tree(report.from()),
              json.tree(report.to()),
              DifferingKeys.of(report),
              now.plus(recheckDelay(row)),
              1));
    }
    walk.advance(report.sourceRows() < policy.chunkRows() ? null : json.tree(report.to()));
    return report.sourceRows();
  }

  /** A suspect range once more: the keys wrong both times are a finding. */
  private int compareAgain(PipelineRow row, TableWalk walk, Suspect suspect) {
    Instant now = clock.instant();
    ChecksumReport report =
        compare(comparison(row, walk), suspect.table(), suspect.from(), suspect.to(), 2 * chunk());
    walk.read(report.sourceRows(), report.targetRows(), now);
    if (report.match()) {
      return report.sourceRows();
    }
    DifferingKeys persisting = suspect.keys().alsoIn(DifferingKeys.of(report));
    if (persisting.isEmpty() || repair.tablesBeingCopied(row.id()).contains(suspect.table())) {
      if (suspect.n() < ATTEMPTS) {
        walk.suspect(
            new Suspect(
                suspect.table(),
                suspect.from(),
                suspect.to(),
                DifferingKeys.of(report),
                now.plus(recheckDelay(row)),
                suspect.n() + 1));
      }
      return report.sourceRows();
    }
    recorder.record(row, suspect, persisting);
    return report.sourceRows();
  }

  /**
   * An open finding's range compared again: resolved when none of its keys is wrong any more (rows
   * in flight in the same range are the walk's to find, as suspects of their own).
   */
  private int checkFinding(PipelineRow row, TableWalk walk, VerificationFindingRow finding) {
    ChecksumReport report;
    try {
      report =
          compare(
              comparison(row, walk),
              finding.sourceTable(),
              json.node(finding.rangeFrom()),
              json.node(finding.rangeTo()),
              2 * chunk());
    } catch (ApiProblem e) {
      if (e.status() == 404) {
        findings.resolve(finding.id()); // the table left the pipeline
      } else {
        recorder.unchanged(finding);
      }
      return 0;
    }
    walk.read(report.sourceRows(), report.targetRows(), clock.instant());
    DifferingKeys still = json.keys(finding.keysJson()).alsoIn(DifferingKeys.of(report));
    // a key not seen now may lie past a cut-off read or beyond the keys named: not proof it is
    // right
    boolean whole =
        !report.truncated() && !DifferingKeys.of(report).capped(ChecksumDetail.VERIFIER);
    if (still.isEmpty() && !whole) {
      recorder.unchanged(finding);
    } else if (still.isEmpty()) {
      findings.resolve(finding.id());
      LOG.info(
          "Pipeline '{}': {} matches its target again in keys {}..{}",
          row.name(),
          finding.sourceTable(),
          finding.rangeFrom(),
          finding.rangeTo());
    } else {
      recorder.stillDifferent(finding, still);
    }
    return report.sourceRows();
  }

  private ChecksumReport compare(
      Comparison comparison, String table, JsonNode from, JsonNode to, int limit) {
    return quality.checksum(
        comparison, new ChecksumRequest(table, from, to, limit), ChecksumDetail.VERIFIER);
  }

  private Comparison comparison(PipelineRow row, TableWalk walk) {
    return walk.comparison().orElseGet(() -> checks.compareWithTarget(row.id()));
  }

  private int chunk() {
    return Math.min(policy.chunkRows(), DataQualityService.MAX_CHECKSUM_LIMIT / 2);
  }

  /** Long enough for every change read before the first look to have reached the target. */
  private Duration recheckDelay(PipelineRow row) {
    double lagMs =
        collector
            .latest(row.id())
            .map(o -> o.value(PipelineMetric.END_TO_END_LAG_MS).orElse(0))
            .orElse(0.0);
    return policy.recheckAfter().plus(Duration.ofMillis(2 * (long) lagMs));
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
