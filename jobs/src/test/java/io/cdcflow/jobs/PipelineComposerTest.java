package io.cdcflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.connection.DatabaseType;
import io.cdcflow.catalog.pipeline.PipelineMode;
import io.cdcflow.jobs.spec.PipelineOptions;
import io.cdcflow.jobs.spec.PipelineSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineComposerTest {

  private static final ConnectionConfig PG =
      new ConnectionConfig(DatabaseType.POSTGRES, "localhost", 5432, "db", "u", "p", Map.of());

  private static final ConnectionConfig MARIADB =
      new ConnectionConfig(DatabaseType.MYSQL, "localhost", 3306, "db", "u", "p", Map.of());

  private static PipelineSpec spec(PipelineMode mode, Duration interval) {
    return spec(mode, PG, interval);
  }

  private static PipelineSpec spec(PipelineMode mode, ConnectionConfig source, Duration interval) {
    return spec(mode, source, PipelineOptions.builder().checkpointInterval(interval).build());
  }

  private static PipelineSpec spec(
      PipelineMode mode, ConnectionConfig source, PipelineOptions options) {
    return new PipelineSpec("p1", "p1", mode, source, PG, List.of(), options);
  }

  @Test
  void aFullLoadCheckpointsAtLeastEverySecondSoItsBoundedSourceEndsSoonAfterTheLastChunk() {
    assertThat(
            PipelineComposer.checkpointInterval(
                spec(PipelineMode.FULL_LOAD_ONLY, Duration.ofSeconds(30))))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(
            PipelineComposer.checkpointInterval(
                spec(PipelineMode.FULL_LOAD_ONLY, Duration.ofMillis(500))))
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aCopyThatTheLogFollowsCheckpointsAtLeastEveryTwoSecondsSoItHandsOverSoon() {
    assertThat(
            PipelineComposer.checkpointInterval(
                spec(PipelineMode.FULL_LOAD_AND_CDC, Duration.ofSeconds(30))))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(
            PipelineComposer.checkpointInterval(
                spec(PipelineMode.FULL_LOAD_AND_CDC, Duration.ofSeconds(1))))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void otherStreamingJobsKeepTheConfiguredInterval() {
    // MariaDB copied by key ranges hands over like PostgreSQL; through Flink CDC's reader it keeps
    // the interval
    assertThat(
            PipelineComposer.checkpointInterval(
                spec(PipelineMode.FULL_LOAD_AND_CDC, MARIADB, Duration.ofSeconds(30))))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(
            PipelineComposer.checkpointInterval(
                spec(
                    PipelineMode.FULL_LOAD_AND_CDC,
                    MARIADB,
                    PipelineOptions.builder()
                        .checkpointInterval(Duration.ofSeconds(30))
                        .copySnapshot(false)
                        .build())))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(
            PipelineComposer.checkpointInterval(
                spec(PipelineMode.CDC_ONLY, Duration.ofSeconds(30))))
        .isEqualTo(Duration.ofSeconds(30));
  }
}
