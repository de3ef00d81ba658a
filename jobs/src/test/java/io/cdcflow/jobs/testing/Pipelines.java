package io.cdcflow.jobs.testing;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.connection.JdbcConnector;
import io.cdcflow.catalog.dialect.Dialect;
import io.cdcflow.catalog.dialect.postgres.PostgresReplication;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.discovery.TableSchema;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.PipelineJob;
import io.cdcflow.jobs.spec.PipelineOptions;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Builds specs from discovered source tables and waits for targets to match their sources. */
public final class Pipelines {

  private Pipelines() {}

  /** Options for tests: parallel, many small chunks, quick checkpoints and flushes, no restarts. */
  public static PipelineOptions.Builder testOptions() {
    return PipelineOptions.builder()
        .parallelism(2)
        .snapshotChunkSize(200)
        .fetchSize(200)
        .checkpointInterval(Duration.ofSeconds(1))
        .sinkBatchSize(500)
        .sinkFlushInterval(Duration.ofMillis(200))
        .restartAttempts(0);
  }

  /** A spec for the tables, discovered through the source's introspector. */
  public static PipelineSpec spec(
      String id,
      PipelineMode mode,
      ConnectionConfig source,
      List<TableId> tables,
      ConnectionConfig target,
      Function<TableId, TableId> targetName,
      PipelineOptions options)
      throws SQLException {
    List<TableSchema> schemas;
    try (Connection c = JdbcConnector.open(source)) {
      schemas = Dialect.of(source.type()).introspector(c).tables(tables);
    }
    if (schemas.size() != tables.size()) {
      throw new IllegalStateException("discovered " + schemas.size() + " of " + tables);
    }
    List<TableSpec> specs = new ArrayList<>();
    for (TableId id2 : tables) {
      TableSchema schema =
          schemas.stream().filter(s -> s.id().equals(id2)).findFirst().orElseThrow();
      specs.add(TableSpec.fromSchema(schema, targetName.apply(id2), source.type(), target.type()));
    }
    return new PipelineSpec(id, "test " + id, mode, source, target, specs, options);
  }

  /** The differences of every table of the spec, empty when the target equals the source. */
  public static List<String> differences(PipelineSpec spec) throws SQLException {
    List<String> all = new ArrayList<>();
    for (TableSpec t : spec.tables()) {
      for (String d :
          TableComparison.differences(
              spec.source(),
              t.sourceTable(),
              spec.target(),
              t.targetTable(),
              t.keyColumns(),
              t.columnNames(),
              10)) {
        all.add(t.sourceTable() + ": " + d);
      }
    }
    return all;
  }

  /** Polls until the target equals the source; fails with the differences after the timeout. */
  public static void awaitEqual(PipelineSpec spec, JobClient job, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> diffs = differences(spec);
    while (!diffs.isEmpty() && System.nanoTime() < deadline) {
      if (job != null) {
        JobStatus status = job.getJobStatus().get();
        if (status.isGloballyTerminalState() && status != JobStatus.FINISHED) {
          job.getJobExecutionResult().get();
          throw new AssertionError("job ended " + status);
        }
      }
      Thread.sleep(500);
      diffs = differences(spec);
    }
    if (!diffs.isEmpty()) {
      throw new AssertionError(
          "target differs from source after " + timeout + ":\n  " + String.join("\n  ", diffs));
    }
  }

  /** Waits for the job to be RUNNING with all its tasks started. */
  public static void awaitRunning(JobClient job, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (job.getJobStatus().get() != JobStatus.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job not running: " + job.getJobStatus().get());
      }
      Thread.sleep(100);
    }
  }

  /** What a test does while its pipeline's job runs. */
  public interface WhileRunning {
    void run(JobClient job) throws Exception;
  }

  /** Submits the spec's job, runs the body, then cancels the job and drops its replication. */
  public static void whileRunning(PipelineSpec spec, WhileRunning body) throws Exception {
    JobClient job = PipelineJob.submit(StreamExecutionEnvironment.getExecutionEnvironment(), spec);
    try {
      body.run(job);
    } finally {
      cancel(job);
      dropReplication(spec);
    }
  }

  public static void cancel(JobClient job) throws Exception {
    if (!job.getJobStatus().get().isGloballyTerminalState()) {
      job.cancel().get();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!job.getJobStatus().get().isGloballyTerminalState() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  /** Drops the pipeline's replication slots and publication (PostgreSQL sources). */
  public static void dropReplication(PipelineSpec spec) throws Exception {
    if (spec.source().type() != DatabaseType.POSTGRES) {
      return;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try (Connection c = JdbcConnector.open(spec.source())) {
        PostgresReplication replication = new PostgresReplication(c);
        replication.dropSlots(spec.options().slotName());
        replication.dropPublication(spec.options().publicationName());
        return;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }
}
