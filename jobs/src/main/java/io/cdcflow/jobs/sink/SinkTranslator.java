package io.cdcflow.jobs.sink;

import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.spec.PipelineSpec;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.KeyedStream;

/** Rows keyed by (table, key) → the multi-table sink. */
public final class SinkTranslator {

  public static final String UID = "cdcflow-sink";

  private SinkTranslator() {}

  public static DataStreamSink<ChangeEvent> translate(
      KeyedStream<ChangeEvent, Integer> rows, PipelineSpec spec) {
    return rows.sinkTo(new ChangeEventSink(SinkSettings.of(spec)))
        .uid(UID)
        .name("sink: " + spec.target().type().id() + " " + spec.target().database())
        .setParallelism(spec.options().parallelism());
  }
}
