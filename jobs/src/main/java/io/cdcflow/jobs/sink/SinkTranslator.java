package io.cdcflow.jobs.sink;

import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.spec.PipelineSpec;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;

/** Rows (keyed by table and key, or each row once) → the multi-table sink. */
public final class SinkTranslator {

  public static final String UID = "cdcflow-sink";

  private SinkTranslator() {}

  public static DataStreamSink<ChangeEvent> translate(
      DataStream<ChangeEvent> rows, PipelineSpec spec) {
    return rows.sinkTo(new ChangeEventSink(SinkSettings.of(spec)))
        .uid(UID)
        .name("sink: " + spec.target().type().id() + " " + spec.target().database())
        .setParallelism(spec.options().parallelism());
  }
}
