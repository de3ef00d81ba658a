package io.cdcflow.jobs.sink;

import io.cdcflow.jobs.event.ChangeEvent;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** The multi-table sink: every table of the pipeline through one writer per subtask. */
public final class ChangeEventSink implements Sink<ChangeEvent> {

  private static final long serialVersionUID = 1L;

  private final SinkSettings settings;

  public ChangeEventSink(SinkSettings settings) {
    this.settings = settings;
  }

  @Override
  public SinkWriter<ChangeEvent> createWriter(WriterInitContext context) throws IOException {
    return new ChangeEventWriter(settings, context);
  }

  /** Flink 1.20 still declares the old factory; the runtime calls the one above. */
  @Override
  @Deprecated
  public SinkWriter<ChangeEvent> createWriter(InitContext context) {
    throw new UnsupportedOperationException("ChangeEventSink needs a WriterInitContext");
  }
}
