package io.cdcflow.jobs.source;

import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.ChangeEventTypeInfo;
import io.cdcflow.jobs.spec.PipelineSpec;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Spec → the CDC source of its database type, emitting {@link ChangeEvent}s. */
public final class SourceTranslator {

  public static final String UID = "cdcflow-source";

  private SourceTranslator() {}

  public static DataStream<ChangeEvent> translate(
      StreamExecutionEnvironment env, PipelineSpec spec) {
    Source<ChangeEvent, ?, ?> source =
        switch (spec.source().type()) {
          case POSTGRES -> PostgresSourceFactory.create(spec);
          case MYSQL -> MySqlSourceFactory.create(spec);
        };
    return env.fromSource(
            source,
            WatermarkStrategy.noWatermarks(),
            "source: " + spec.source().type().id() + " " + spec.source().database(),
            ChangeEventTypeInfo.INSTANCE)
        .uid(UID)
        .setParallelism(spec.options().parallelism());
  }
}
