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
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The full load of a FULL_LOAD_ONLY pipeline from PostgreSQL, read the way {@code pg_dump -j}
 * would: each table split into key ranges, each range read by one {@code COPY (SELECT ...) TO
 * STDOUT}, the ranges spread over the parallel readers as they ask for them. COPY's text is parsed
 * straight into change events; there is no replication slot and no log backfill. The job ends when
 * every range is read.
 *
 * <p>Each range is read in its own transaction, so (like Flink CDC's reader with the backfill
 * skipped) a row changed during the load arrives as of some moment of the load; a row is never
 * missed nor read twice unless its key changes meanwhile.
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
    if (spec.mode() != PipelineMode.FULL_LOAD_ONLY) {
      return Optional.of("the pipeline streams after its snapshot");
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

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SplitEnumerator<KeyRangeSplit, CopySnapshotState> createEnumerator(
      SplitEnumeratorContext<KeyRangeSplit> context) {
    return new CopySnapshotEnumerator(context, spec, CopySnapshotState.INITIAL);
  }

  @Override
  public SplitEnumerator<KeyRangeSplit, CopySnapshotState> restoreEnumerator(
      SplitEnumeratorContext<KeyRangeSplit> context, CopySnapshotState checkpoint) {
    return new CopySnapshotEnumerator(context, spec, checkpoint);
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
    return new CopySnapshotReader(spec, context);
  }

  @Override
  public TypeInformation<ChangeEvent> getProducedType() {
    return ChangeEventTypeInfo.INSTANCE;
  }
}
