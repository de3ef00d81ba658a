package io.cdcflow.jobs.resnapshot;

import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.ChangeEventTypeInfo;
import io.cdcflow.jobs.source.SourceTranslator;
import io.cdcflow.jobs.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.shaded.guava31.com.google.common.hash.Hashing;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Puts the {@link ResnapshotOperator} between the source and the sink of a job that copies by key
 * ranges and then reads the log, the one kind of job whose log is read by a known subtask.
 */
public final class ResnapshotTranslator {

  public static final String UID = "cdcflow-resnapshot";

  /**
   * The operator's id, under which Flink's REST API reaches its coordinator: Flink derives it from
   * the uid as below (murmur3-128 of the uid, StreamGraphHasherV2); a test holds it to the job
   * graph.
   */
  public static final String OPERATOR_ID =
      new OperatorID(Hashing.murmur3_128(0).hashString(UID, StandardCharsets.UTF_8).asBytes())
          .toHexString();

  private ResnapshotTranslator() {}

  /** Why the spec's job cannot copy a table again while it runs, or empty when it can. */
  public static Optional<String> reasonNotSupported(PipelineSpec spec) {
    if (spec.mode() != PipelineMode.FULL_LOAD_AND_CDC) {
      return Optional.of("only FULL_LOAD_AND_CDC pipelines copy a table again while streaming");
    }
    if (!SourceTranslator.copiesByCopy(spec)) {
      return Optional.of(
          "the pipeline's rows are copied by Flink CDC's reader ("
              + SourceTranslator.whyNotByKeyRanges(spec)
              + "), not by key ranges");
    }
    return Optional.empty();
  }

  public static DataStream<ChangeEvent> translate(
      DataStream<ChangeEvent> events, PipelineSpec spec) {
    if (reasonNotSupported(spec).isPresent()) {
      return events;
    }
    return events
        .transform("resnapshot", ChangeEventTypeInfo.INSTANCE, new ResnapshotOperatorFactory(spec))
        .uid(UID)
        .setParallelism(spec.options().parallelism());
  }
}
