package io.cdcflow.jobs.source;

import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.ChangeEventTypeInfo;
import io.cdcflow.jobs.source.copy.CopySnapshotSource;
import io.cdcflow.jobs.spec.PipelineSpec;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spec → the source emitting {@link ChangeEvent}s: the COPY reader for a full load from PostgreSQL
 * when it can read every column, else the CDC source of the database type.
 */
public final class SourceTranslator {

  public static final String UID = "cdcflow-source";

  private static final Logger LOG = LoggerFactory.getLogger(SourceTranslator.class);

  private SourceTranslator() {}

  /**
   * Whether the source reads every row exactly once and nothing else (a COPY full load): its rows
   * need no routing by key to keep each row's changes in order.
   */
  public static boolean readsEachRowOnce(PipelineSpec spec) {
    return CopySnapshotSource.reasonNotToUse(spec).isEmpty();
  }

  public static DataStream<ChangeEvent> translate(
      StreamExecutionEnvironment env, PipelineSpec spec) {
    Optional<CopySnapshotSource> copy = CopySnapshotSource.forSpec(spec);
    Source<ChangeEvent, ?, ?> source =
        copy.isPresent()
            ? copy.get()
            : switch (spec.source().type()) {
              case POSTGRES -> PostgresSourceFactory.create(spec);
              case MYSQL -> MySqlSourceFactory.create(spec);
            };
    if (copy.isEmpty() && spec.mode() == PipelineMode.FULL_LOAD_ONLY) {
      LOG.info(
          "full load through Flink CDC's snapshot reader: {}",
          CopySnapshotSource.reasonNotToUse(spec).orElse(""));
    }
    return env.fromSource(
            source,
            WatermarkStrategy.noWatermarks(),
            "source: "
                + spec.source().type().id()
                + " "
                + spec.source().database()
                + (copy.isPresent() ? " (COPY)" : ""),
            ChangeEventTypeInfo.INSTANCE)
        .uid(UID)
        .setParallelism(spec.options().parallelism());
  }
}
