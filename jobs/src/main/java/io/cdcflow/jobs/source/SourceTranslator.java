package io.cdcflow.jobs.source;

import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.ChangeEventTypeInfo;
import io.cdcflow.jobs.source.copy.CopySnapshotSource;
import io.cdcflow.jobs.spec.PipelineSpec;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spec → the source emitting {@link ChangeEvent}s: when the key-range reader can read every column,
 * that reader (then, for a streaming pipeline, the log from where it was before the copy); else the
 * CDC source of the database type.
 */
public final class SourceTranslator {

  public static final String UID = "cdcflow-source";

  private static final String COPY_THEN_LOG_UID = UID + "-copy-then-log-";

  private static final Logger LOG = LoggerFactory.getLogger(SourceTranslator.class);

  private SourceTranslator() {}

  /**
   * Whether the source reads every row exactly once and nothing else (a full load by key ranges):
   * its rows need no routing by key to keep each row's changes in order.
   */
  public static boolean readsEachRowOnce(PipelineSpec spec) {
    return spec.mode() == PipelineMode.FULL_LOAD_ONLY && copiesByCopy(spec);
  }

  /**
   * Whether the source's rows must be routed by key to reach their writer in order. Not for the
   * key-range reader: it reads each row once, and the log that follows it is read by one reader,
   * whose task then writes every change in log order, while the copied rows were all written before
   * the hand-over. Each reader then writes in its own task, with no serialisation in between. Flink
   * CDC's snapshot reads a row's chunk in one reader and its changes in another.
   */
  public static boolean routesByKey(PipelineSpec spec) {
    return !copiesByCopy(spec);
  }

  /**
   * Whether the rows are copied by the key-range reader: then a streaming pipeline reads the log
   * from where it was before the copy (PostgreSQL: the slot), not through Flink CDC's incremental
   * snapshot.
   */
  public static boolean copiesByCopy(PipelineSpec spec) {
    return CopySnapshotSource.reasonNotToUse(spec).isEmpty();
  }

  /** Why the rows are not copied by key ranges, or "" when they are. */
  public static String whyNotByKeyRanges(PipelineSpec spec) {
    return CopySnapshotSource.reasonNotToUse(spec).orElse("");
  }

  public static DataStream<ChangeEvent> translate(
      StreamExecutionEnvironment env, PipelineSpec spec) {
    Optional<CopySnapshotSource> copy = CopySnapshotSource.forSpec(spec);
    if (copy.isEmpty() && spec.mode() != PipelineMode.CDC_ONLY) {
      LOG.info("rows copied by Flink CDC's snapshot reader: {}", whyNotByKeyRanges(spec));
    }
    Source<ChangeEvent, ?, ?> source =
        copy.map(c -> c.streamFollows() ? c.thenRead(logAfterCopy(spec)) : c)
            .orElseGet(() -> logSource(spec));
    return env.fromSource(
            source,
            WatermarkStrategy.noWatermarks(),
            "source: "
                + spec.source().type().id()
                + " "
                + spec.source().database()
                + copy.map(c -> c.streamFollows() ? " (key ranges, then log)" : " (key ranges)")
                    .orElse(""),
            ChangeEventTypeInfo.INSTANCE)
        .uid(stateId(spec))
        .setParallelism(spec.options().parallelism());
  }

  /** The log after a copy: from the slot, or from the binlog position the copy's planner took. */
  private static CopySnapshotSource.LogAfterCopy logAfterCopy(PipelineSpec spec) {
    return switch (spec.source().type()) {
      case POSTGRES -> start -> PostgresSourceFactory.create(spec);
      case MYSQL -> start -> MySqlSourceFactory.startingAt(spec, start);
    };
  }

  private static Source<ChangeEvent, ?, ?> logSource(PipelineSpec spec) {
    return switch (spec.source().type()) {
      case POSTGRES -> PostgresSourceFactory.create(spec);
      case MYSQL -> MySqlSourceFactory.create(spec);
    };
  }

  /**
   * The uid of the job's source operator, which owns the source's state in a savepoint. The
   * copy-then-log source's state belongs to the tables it copies, into which target tables, by
   * which key (its ranges bound the first key column): when any of these changes while the pipeline
   * is stopped, the restored job's source gets another uid and starts afresh (the old state is
   * dropped). From PostgreSQL it copies the tables not already copied into the same target table
   * ({@link PipelineSpec#copiedTables}) and then reads the log from where the slot was last
   * confirmed, which converges as the first copy does; a MySQL/MariaDB source keeps its binlog
   * position only in that state, so the control API refuses such a restore. Once the source reads
   * the log its state is that position alone: a resumed job keeps the uid it had ({@link
   * PipelineSpec#sourceStateId}), whatever the tables.
   */
  public static String stateId(PipelineSpec spec) {
    Optional<CopySnapshotSource> copy = CopySnapshotSource.forSpec(spec);
    if (copy.isEmpty() || !copy.get().streamFollows()) {
      return UID;
    }
    if (spec.sourceStateId() != null) {
      return spec.sourceStateId();
    }
    String tables =
        spec.tables().stream()
            .map(t -> t.sourceTable() + ">" + t.targetTable() + t.keyColumns())
            .sorted()
            .collect(Collectors.joining(","));
    return COPY_THEN_LOG_UID + Integer.toHexString(tables.hashCode());
  }

  /** Whether a source of this uid copies by key ranges and then reads the log. */
  public static boolean copiesThenReadsLog(String stateId) {
    return stateId != null && stateId.startsWith(COPY_THEN_LOG_UID);
  }
}
