package io.cdcflow.jobs;

import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.RowKeySelector;
import io.cdcflow.jobs.sink.SinkTranslator;
import io.cdcflow.jobs.source.SourceTranslator;
import io.cdcflow.jobs.spec.PipelineOptions;
import io.cdcflow.jobs.spec.PipelineSpec;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Turns a spec into the job's DataStream graph: source → change events → keyBy(table, key) → sink.
 * Checkpointing is always on (the PostgreSQL slot advances only on completed checkpoints, and the
 * switch from snapshot to streaming waits for one); generic (Kryo) types are refused.
 */
public final class PipelineComposer {

  /** A job that runs this long without failing has its restart count and delay reset. */
  static final Duration RESET_BACKOFF_THRESHOLD = Duration.ofMinutes(10);

  private PipelineComposer() {}

  public static void compose(StreamExecutionEnvironment env, PipelineSpec spec) {
    configure(env, spec.options());
    DataStream<ChangeEvent> events = SourceTranslator.translate(env, spec);
    KeyedStream<ChangeEvent, Integer> rows = events.keyBy(new RowKeySelector(spec), Types.INT);
    SinkTranslator.translate(rows, spec);
  }

  private static void configure(StreamExecutionEnvironment env, PipelineOptions options) {
    env.enableCheckpointing(options.checkpointInterval().toMillis());
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
