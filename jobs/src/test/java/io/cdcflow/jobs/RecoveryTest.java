package io.cdcflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.testing.ChangeWorkload;
import io.cdcflow.jobs.testing.FlinkCluster;
import io.cdcflow.jobs.testing.FlinkRest;
import io.cdcflow.jobs.testing.Pipelines;
import io.cdcflow.jobs.testing.PostgresShopFixture;
import io.cdcflow.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failures while changes stream: the sink's target connections are killed (the writer retries on
 * new connections), then the source's replication connection (Flink restarts the job from its last
 * checkpoint and replays). Either way the target ends equal to the source; the sink's metrics are
 * readable through Flink's REST API.
 */
class RecoveryTest {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

  @Test
  void killedConnectionsAndARestartStillConverge(@InjectMiniCluster MiniCluster cluster)
      throws Exception {
    TestPostgres pg = TestPostgres.shared();
    PostgresShopFixture shop = new PostgresShopFixture(pg, pg.createDatabase("rec_src"), 500);
    shop.create();
    String targetDb = pg.createDatabase("rec_dst");
    PipelineSpec spec =
        Pipelines.spec(
            "recovery",
            PipelineMode.FULL_LOAD_AND_CDC,
            pg.config(shop.database()),
            List.copyOf(shop.tables().keySet()),
            pg.config(targetDb),
            id -> id,
            Pipelines.testOptions()
                .restartAttempts(3)
                .restartDelay(Duration.ofMillis(500))
                .build());
    JobClient job = PipelineJob.submit(StreamExecutionEnvironment.getExecutionEnvironment(), spec);
    FlinkRest rest = new FlinkRest(cluster.getRestAddress().get());
    try {
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
      try (ChangeWorkload workload = new ChangeWorkload(shop, 7, 5).start()) {
        workload.awaitChanges(100, 30_000);
        for (int i = 0; i < 3; i++) {
          pg.execute(
              targetDb,
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                  + " WHERE application_name = 'cdcflow-sink' AND pid <> pg_backend_pid()");
          workload.awaitChanges(workload.changes() + 100, 30_000);
        }
        assertThat(job.getJobStatus().get())
            .isEqualTo(org.apache.flink.api.common.JobStatus.RUNNING);
        // Wait for a checkpoint, so the restart replays from the slot's confirmed position.
        Thread.sleep(1500);
        pg.execute(
            shop.database(),
            "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                + " WHERE slot_name = '"
                + spec.options().slotName()
                + "' AND active");
        workload.awaitChanges(workload.changes() + 300, 60_000);
      }
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(90));
      // the REST metrics are fetched every few seconds
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      long restarts = rest.jobMetric(job.getJobID(), "numRestarts");
      while (restarts < 1 && System.nanoTime() < deadline) {
        Thread.sleep(500);
        restarts = rest.jobMetric(job.getJobID(), "numRestarts");
      }
      assertThat(restarts).isGreaterThanOrEqualTo(1);

      String sink = rest.vertex(job.getJobID(), "sink");
      List<String> rows = rest.metricIds(job.getJobID(), sink, "rowsWritten");
      assertThat(rows).anyMatch(id -> id.endsWith(".schema.public.table.orders.rowsWritten"));
      double written = 0;
      for (String id : rows) {
        written += rest.sum(job.getJobID(), sink, id);
      }
      assertThat(written).isPositive();
      assertThat(rest.metricIds(job.getJobID(), sink, "lastAppliedSourceTimestampMs")).isNotEmpty();
      assertThat(rest.metricIds(job.getJobID(), sink, "flushLatencyMs")).isNotEmpty();
      System.out.println("sink metrics: " + rows);
    } finally {
      Pipelines.cancel(job);
      Pipelines.dropReplication(spec);
    }
  }
}
