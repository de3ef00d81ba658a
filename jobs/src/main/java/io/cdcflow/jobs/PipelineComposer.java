package io.cdcflow.jobs;

import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.RowKeySelector;
import io.cdcflow.jobs.resnapshot.ResnapshotTranslator;
import io.cdcflow.jobs.sink.SinkTranslator;
import io.cdcflow.jobs.source.SourceTranslator;
import io.cdcflow.jobs.spec.PipelineOptions;
import io.cdcflow.jobs.spec.PipelineSpec;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Turns a spec into the job's DataStream graph: source → change events → keyBy(table, key) → sink
 * (the COPY reader, and the log after it: source → sink in one task). Checkpointing is always on
 * (the PostgreSQL slot advances only on completed checkpoints, and the switch from snapshot to
 * streaming waits for one); generic (Kryo) types are refused.
 */
public final class PipelineComposer {

  /** A job that runs this long without failing has its restart count and delay reset. */
  static final Duration RESET_BACKOFF_THRESHOLD = Duration.ofMinutes(10);

  /**
   * The longest checkpoint interval of a FULL_LOAD_ONLY job. With more than one reader, Flink CDC's
   * split assigner declares the snapshot finished (and lets the bounded source end) only when a
   * checkpoint that began after the last chunk completes: with the 30 s default every full load
   * waited on average half an interval (the first checkpoint comes at a random point of the first
   * interval) after its last row. A full load's checkpoint is small (split list, sink flush). Flink
   * itself checkpoints at once when every task has reached the end of its input, so the job does
   * not wait a second time for its final checkpoint.
   */
  public static final Duration FULL_LOAD_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

  /**
   * The longest checkpoint interval of a job that copies by COPY and then reads the log: the copy
   * hands over to the log on the first checkpoint that completes after its last row, so with the 30
   * s default every such load waited on average 15 s more (a quarter of a 5M-row load here). The
   * job's checkpoint is small (split offsets, the sink's flush), and it confirms the log position
   * to the slot, so the slot also retains less WAL.
   */
  public static final Duration HAND_OVER_CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

  private PipelineComposer() {}

  public static void compose(StreamExecutionEnvironment env, PipelineSpec spec) {
    configure(env, spec.options(), checkpointInterval(spec));
    DataStream<ChangeEvent> events =
        ResnapshotTranslator.translate(SourceTranslator.translate(env, spec), spec);
    // every change of a row must meet in one writer, in order
    DataStream<ChangeEvent> rows =
        SourceTranslator.routesByKey(spec)
            ? events.keyBy(new RowKeySelector(spec), Types.INT)
            : events;
    SinkTranslator.translate(rows, spec);
  }

  /**
   * The options' interval, at most {@link #FULL_LOAD_CHECKPOINT_INTERVAL} for a full load and at
   * most {@link #HAND_OVER_CHECKPOINT_INTERVAL} for a COPY that the log follows.
   */
  static Duration checkpointInterval(PipelineSpec spec) {
    Duration configured = spec.options().checkpointInterval();
    if (spec.mode() == PipelineMode.FULL_LOAD_ONLY) {
      return min(configured, FULL_LOAD_CHECKPOINT_INTERVAL);
    }
    if (spec.mode() == PipelineMode.FULL_LOAD_AND_CDC && SourceTranslator.copiesByCopy(spec)) {
      return min(configured, HAND_OVER_CHECKPOINT_INTERVAL);
    }
    return configured;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void configure(
      StreamExecutionEnvironment env, PipelineOptions options, Duration checkpointInterval) {
    env.enableCheckpointing(checkpointInterval.toMillis());
    // a COPY that the log follows hands over on a completed checkpoint, which must mean the sink
    // has written every copied row: only an aligned barrier says that (flink-conf may enable
    // unaligned checkpoints for other jobs)
    env.getCheckpointConfig().enableUnalignedCheckpoints(false);
    env.getConfig().disableGenericTypes();
    env.setParallelism(options.parallelism());
    env.configure(restartStrategy(options), PipelineComposer.class.getClassLoader());
  }

  /**
   * Exponential delay, as in flink-conf/config.yaml: a database that restarts or a network blip is
   * retried quickly, a lasting outage is not hammered. {@code restartAttempts} keeps its meaning
   * (restarts before the job ends FAILED, 0 = none) as Flink's attempts-before-reset-backoff: the
   * count, like the delay, starts over once the job has run for the reset threshold without
   * failing, so a job that fails once a day is never exhausted by old failures. {@code
   * restartDelay} is the first pause, doubled up to {@code restartMaxDelay}.
   */
  static Configuration restartStrategy(PipelineOptions options) {
    Configuration restart = new Configuration();
    if (options.restartAttempts() == 0) {
      restart.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
      return restart;
    }
    // Flink wants a positive initial backoff and a maximum not below it
    Duration initial = max(options.restartDelay(), Duration.ofMillis(1));
    Duration maximum = max(options.restartMaxDelay(), initial);
    restart.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    restart.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, initial);
    restart.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, maximum);
    restart.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
    restart.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
        max(RESET_BACKOFF_THRESHOLD, maximum.multipliedBy(2)));
    restart.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
    restart.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS,
        options.restartAttempts());
    return restart;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
