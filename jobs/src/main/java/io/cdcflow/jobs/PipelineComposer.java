package io.cdcflow.jobs;

import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.RowKeySelector;
import io.cdcflow.jobs.sink.SinkTranslator;
import io.cdcflow.jobs.source.SourceTranslator;
import io.cdcflow.jobs.spec.PipelineOptions;
import io.cdcflow.jobs.spec.PipelineSpec;
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
    Configuration restart = new Configuration();
    if (options.restartAttempts() == 0) {
      restart.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    } else {
      restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
      restart.set(
          RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, options.restartAttempts());
      restart.set(
          RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, options.restartDelay());
    }
    env.configure(restart, PipelineComposer.class.getClassLoader());
  }
}
