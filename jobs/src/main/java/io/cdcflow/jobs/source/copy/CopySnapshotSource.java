package io.cdcflow.jobs.source.copy;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.ChangeEventTypeInfo;
import io.cdcflow.jobs.event.PostgresCopyRows;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.base.source.hybrid.HybridSource;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The full load from PostgreSQL, read the way {@code pg_dump -j} would: each table split into key
 * ranges, each range read by one {@code COPY (SELECT ...) TO STDOUT}, the ranges spread over the
 * parallel readers as they ask for them. COPY's text is parsed straight into change events; there
 * is no log backfill per range.
 *
 * <p>Each range is read in its own transaction, so a row changed during the load arrives as of some
 * moment of the load, and a range read again after a failure arrives as of a later one. A
 * FULL_LOAD_ONLY job ends when every range is read. In a FULL_LOAD_AND_CDC job the pipeline's slot
 * was made before the first range ({@code SourcePreflight}), and the log is read from the slot's
 * start once the copy is written ({@link #streamFollows}): the log then brings every row, whenever
 * it was copied, to its last state, and deletes of rows already copied are applied too.
 */
public final class CopySnapshotSource
    implements Source<ChangeEvent, KeyRangeSplit, CopySnapshotState>,
        ResultTypeQueryable<ChangeEvent> {

  private static final long serialVersionUID = 1L;

  private final PipelineSpec spec;

  private CopySnapshotSource(PipelineSpec spec) {
    this.spec = spec;
  }

  /**
   * This source for the spec, or empty when the spec needs Flink CDC's reader: another mode or
   * source database, the {@code copy_snapshot} option off, or a column type the COPY parser does
   * not read ({@link #reasonNotToUse} says which).
   */
  public static Optional<CopySnapshotSource> forSpec(PipelineSpec spec) {
    return reasonNotToUse(spec).isPresent()
        ? Optional.empty()
        : Optional.of(new CopySnapshotSource(spec));
  }

  /** Why the spec's full load goes through Flink CDC's reader, or empty when it can use COPY. */
  public static Optional<String> reasonNotToUse(PipelineSpec spec) {
    if (spec.mode() == PipelineMode.CDC_ONLY) {
      return Optional.of("the pipeline copies no rows");
    }
    if (spec.source().type() != DatabaseType.POSTGRES) {
      return Optional.of("the source is not PostgreSQL");
    }
    if (!spec.options().copySnapshot()) {
      return Optional.of("copy_snapshot is false");
    }
    for (TableSpec table : spec.tables()) {
      if (table.keyColumns().isEmpty()) {
        return Optional.of("table " + table.sourceTable() + " has no key");
      }
      Optional<String> column = PostgresCopyRows.unsupportedColumn(table, spec.target().type());
      if (column.isPresent()) {
        return Optional.of(
            "column " + table.sourceTable() + "." + column.get() + " is not read by COPY");
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the log is read after this copy: each reader then ends only once a checkpoint taken
   * after its last row has completed, which (with aligned checkpoints) means the sink has written
   * every row it copied before the first change of the log reaches the sink.
   */
  public boolean streamFollows() {
    return spec.mode() == PipelineMode.FULL_LOAD_AND_CDC;
  }

  /**
   * This copy, then {@code log} (which must start from the slot made before the copy). The log's
   * source is made when every reader has ended its copy; from then on the copy's progress gauges
   * say so.
   */
  public HybridSource<ChangeEvent> thenRead(Source<ChangeEvent, ?, ?> log) {
    return HybridSource.<ChangeEvent, CopySnapshotEnumerator>builder(this)
        .<SplitEnumerator<?, ?>, Source<ChangeEvent, ?, ?>>addSource(
            handOver -> {
              if (handOver.getPreviousEnumerator() != null) {
                handOver.getPreviousEnumerator().handedOver();
              }
              return LogSourceAfterCopy.of(log);
            },
            Boundedness.CONTINUOUS_UNBOUNDED)
        .build();
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SplitEnumerator<KeyRangeSplit, CopySnapshotState> createEnumerator(
      SplitEnumeratorContext<KeyRangeSplit> context) {
    return new CopySnapshotEnumerator(context, spec, CopySnapshotState.INITIAL, streamFollows());
  }

  @Override
  public SplitEnumerator<KeyRangeSplit, CopySnapshotState> restoreEnumerator(
      SplitEnumeratorContext<KeyRangeSplit> context, CopySnapshotState checkpoint) {
    return new CopySnapshotEnumerator(context, spec, checkpoint, streamFollows());
  }

  @Override
  public SimpleVersionedSerializer<KeyRangeSplit> getSplitSerializer() {
    return KeyRangeSplitSerializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<CopySnapshotState> getEnumeratorCheckpointSerializer() {
    return new CopySnapshotState.Serializer();
  }

  @Override
  public SourceReader<ChangeEvent, KeyRangeSplit> createReader(SourceReaderContext context) {
    return new CopySnapshotReader(spec, context, streamFollows());
  }

  @Override
  public TypeInformation<ChangeEvent> getProducedType() {
    return ChangeEventTypeInfo.INSTANCE;
  }
}
