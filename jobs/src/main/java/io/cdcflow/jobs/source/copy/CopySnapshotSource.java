package io.cdcflow.jobs.source.copy;

import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.event.ChangeEventTypeInfo;
import io.cdcflow.jobs.event.MySqlResultRows;
import io.cdcflow.jobs.event.PostgresCopyRows;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.io.Serializable;
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
 * The full load, read the way {@code pg_dump -j} would: each table split into key ranges, each
 * range read by one query (PostgreSQL: {@code COPY (SELECT ...) TO STDOUT}; MySQL/MariaDB: a
 * streamed {@code SELECT}), the ranges spread over the parallel readers as they ask for them. The
 * rows are turned straight into change events; there is no log backfill per range.
 *
 * <p>Each range is read in its own transaction, so a row changed during the load arrives as of some
 * moment of the load, and a range read again after a failure arrives as of a later one. A
 * FULL_LOAD_ONLY job ends when every range is read. In a FULL_LOAD_AND_CDC job the log's start was
 * taken before the first range (PostgreSQL: the pipeline's slot, made by {@code SourcePreflight};
 * MySQL: the binlog position, checkpointed before any range is read), and the log is read from
 * there once the copy is written ({@link #streamFollows}): the log then brings every row, whenever
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
   * This source for the spec, or empty when the spec needs Flink CDC's reader: CDC_ONLY, the {@code
   * copy_snapshot} option off, a table without a key, or a column type the range reader does not
   * read ({@link #reasonNotToUse} says which).
   */
  public static Optional<CopySnapshotSource> forSpec(PipelineSpec spec) {
    return reasonNotToUse(spec).isPresent()
        ? Optional.empty()
        : Optional.of(new CopySnapshotSource(spec));
  }

  /**
   * Why the spec's full load goes through Flink CDC's reader, or empty when it is read by key
   * ranges.
   */
  public static Optional<String> reasonNotToUse(PipelineSpec spec) {
    if (spec.mode() == PipelineMode.CDC_ONLY) {
      return Optional.of("the pipeline copies no rows");
    }
    if (!spec.options().copySnapshot()) {
      return Optional.of("copy_snapshot is false");
    }
    for (TableSpec table : spec.tables()) {
      if (table.keyColumns().isEmpty()) {
        return Optional.of("table " + table.sourceTable() + " has no key");
      }
      Optional<String> column =
          spec.source().type() == DatabaseType.POSTGRES
              ? PostgresCopyRows.unsupportedColumn(table, spec.target().type())
              : MySqlResultRows.unsupportedColumn(table);
      if (column.isPresent()) {
        return Optional.of(
            "column " + table.sourceTable() + "." + column.get() + " is not read by key ranges");
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
   * This copy, then the log from where it was before the copy. The log's source is made when every
   * reader has ended its copy; from then on the copy's progress gauges say so.
   */
  public HybridSource<ChangeEvent> thenRead(LogAfterCopy log) {
    return HybridSource.<ChangeEvent, CopySnapshotEnumerator>builder(this)
        .<SplitEnumerator<?, ?>, Source<ChangeEvent, ?, ?>>addSource(
            handOver -> {
              CopySnapshotEnumerator copy = handOver.getPreviousEnumerator();
              if (copy != null) {
                copy.handedOver();
              }
              // no copy before it: restored while reading the log, whose state says where it is
              return LogSourceAfterCopy.of(log, copy == null ? null : copy.logStart());
            },
            Boundedness.CONTINUOUS_UNBOUNDED)
        .build();
  }

  /** Makes the log's source once the copy has ended. */
  @FunctionalInterface
  public interface LogAfterCopy extends Serializable {

    /**
     * @param start where the log must be read from, as the copy's planner took it before the first
     *     range; null when the source keeps it itself (PostgreSQL's slot) or when the job was
     *     restored while reading the log
     */
    Source<ChangeEvent, ?, ?> startingAt(String start);
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
    return new CopySnapshotReader(
        spec.source().type() == DatabaseType.POSTGRES
            ? session -> new PostgresRangeReader(spec, session)
            : session -> new MySqlRangeReader(spec, session),
        new SourceSession(spec.source()),
        context,
        streamFollows());
  }

  @Override
  public TypeInformation<ChangeEvent> getProducedType() {
    return ChangeEventTypeInfo.INSTANCE;
  }
}
