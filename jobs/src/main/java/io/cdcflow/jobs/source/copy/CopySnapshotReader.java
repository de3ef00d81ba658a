package io.cdcflow.jobs.source.copy;

import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.spec.PipelineSpec;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

/**
 * A source subtask: asks the enumerator for a key range whenever it has none, reads it on one
 * fetcher thread ({@link CopyRangeReader}) and emits its rows as they are.
 */
final class CopySnapshotReader
    extends SingleThreadMultiplexSourceReaderBase<
        ChangeEvent, ChangeEvent, KeyRangeSplit, KeyRangeSplit> {

  CopySnapshotReader(PipelineSpec spec, SourceReaderContext context) {
    super(
        () -> new CopyRangeReader(spec),
        (event, output, split) -> output.collect(event),
        new Configuration(),
        context);
  }

  @Override
  public void start() {
    if (getNumberOfCurrentlyAssignedSplits() == 0) {
      context.sendSplitRequest();
    }
  }

  @Override
  protected void onSplitFinished(Map<String, KeyRangeSplit> finished) {
    context.sendSplitRequest();
  }

  @Override
  protected KeyRangeSplit initializedState(KeyRangeSplit split) {
    return split;
  }

  @Override
  protected KeyRangeSplit toSplitType(String splitId, KeyRangeSplit state) {
    return state;
  }
}
