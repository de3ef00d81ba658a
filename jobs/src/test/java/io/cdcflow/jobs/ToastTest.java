package io.cdcflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.testing.FlinkCluster;
import io.cdcflow.jobs.testing.Pipelines;
import io.cdcflow.testing.TestMariaDb;
import io.cdcflow.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL TOAST: with REPLICA IDENTITY DEFAULT an update that does not touch a large column
 * sends a placeholder instead of its value. The target must keep the value: when the full row is
 * still buffered the change is merged onto it, else only the sent columns are updated.
 */
class ToastTest {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

  /** About 20 KB of text that does not compress, so PostgreSQL stores it out of line. */
  private static final String BIG =
      "(SELECT string_agg(md5(random()::text || g), '') FROM generate_series(1, 600) g)";

  @Test
  void untouchedLargeColumnStaysIntactInPostgres() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    run("toast-pg", pg.config(pg.createDatabase("toast_dst")), id -> id);
  }

  @Test
  void untouchedLargeColumnStaysIntactInMariaDb() throws Exception {
    TestMariaDb maria = TestMariaDb.shared();
    String db = maria.createDatabase("toast_dst");
    run("toast-my", maria.config(db), id -> new TableId(db, id.name()));
  }

  private static void run(String id, ConnectionConfig target, Function<TableId, TableId> naming)
      throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String source = pg.createDatabase("toast_src");
    pg.execute(
        source,
        "CREATE TABLE docs (id int PRIMARY KEY, title text, body text NOT NULL, counter int)",
        "INSERT INTO docs SELECT g, 'doc ' || g, " + BIG + ", 0 FROM generate_series(1, 20) g");
    TableId docs = new TableId("public", "docs");
    PipelineSpec spec =
        Pipelines.spec(
            id,
            PipelineMode.FULL_LOAD_AND_CDC,
            pg.config(source),
            List.of(docs),
            target,
            naming,
            Pipelines.testOptions().sinkFlushInterval(Duration.ofSeconds(2)).build());
    JobClient job = PipelineJob.submit(StreamExecutionEnvironment.getExecutionEnvironment(), spec);
    try {
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
      pg.execute(
          source,
          // untouched body, the row not buffered: a partial UPDATE at the target
          "UPDATE docs SET counter = counter + 1, title = 'updated' WHERE id <= 10",
          // inserted and updated in one flush window: merged onto the buffered full row
          "INSERT INTO docs SELECT 100, 'new', " + BIG + ", 0",
          "UPDATE docs SET counter = 5 WHERE id = 100",
          // a second update of a row whose partial update is still buffered
          "UPDATE docs SET counter = counter + 1 WHERE id = 1",
          // the large column itself changes
          "UPDATE docs SET body = " + BIG + " WHERE id = 20");
      Pipelines.awaitEqual(spec, job, Duration.ofSeconds(60));
      try (Connection c = pg.connect(source);
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT pg_column_size(body) FROM docs WHERE id = 1")) {
        rs.next();
        assertThat(rs.getInt(1)).as("stored size of the large value").isGreaterThan(2000);
      }
    } finally {
      Pipelines.cancel(job);
      Pipelines.dropReplication(spec);
    }
  }
}
