package io.cdcflow.api.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.api.ApiTestServer;
import io.cdcflow.catalog.pipeline.PipelineState;
import io.cdcflow.catalog.store.MetricPoint;
import io.cdcflow.catalog.store.MetricSampleDao;
import io.cdcflow.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Samples in the real catalog: roll-ups into coarser buckets, expiry, what queries read, and that a
 * restarted server still has them.
 */
class SampleHistoryTest {

  static ApiTestServer api;
  static UUID pipeline;

  @BeforeAll
  static void start() {
    TestPostgres pg = TestPostgres.shared();
    String db = pg.createDatabase("hist");
    pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)");
    api = ApiTestServer.start();
    api.addConnection("src", pg, db);
    pipeline =
        UUID.fromString(
            api.post(
                    "/api/pipelines",
                    Map.of(
                        "name",
                        "hist",
                        "source",
                        "src",
                        "target",
                        "src",
                        "mode",
                        "CDC_ONLY",
                        "tables",
                        Map.of("include", List.of("public.t")),
                        "mapping",
                        Map.of("target_schema", "copy")))
                .json()
                .get("id")
                .asText());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void samplesRollUpIntoBucketsAndExpire() {
    MetricSampleDao dao = api.server().catalog().dao(MetricSampleDao.class);
    SampleHistory history = new SampleHistory(dao);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant start = now.minus(Duration.ofHours(3));
    // one sample every 10 s for 2 minutes, three hours ago; lag climbs 0..11 s, the rate alternates
    for (int i = 0; i < 12; i++) {
      Map<PipelineMetric, Double> values = new EnumMap<>(PipelineMetric.class);
      values.put(PipelineMetric.END_TO_END_LAG_MS, i * 1000.0);
      values.put(PipelineMetric.ROWS_WRITTEN_PER_SECOND, i % 2 == 0 ? 100.0 : 300.0);
      history.record(observation(start.plusSeconds(10L * i), values));
    }
    // and one seven hours ago, older than collected samples are kept
    history.record(
        observation(
            now.minus(Duration.ofHours(7)), Map.of(PipelineMetric.END_TO_END_LAG_MS, 42.0)));

    history.compact(now);

    SampleHistory.Tier minutes = SampleHistory.TIERS.get(1);
    List<MetricPoint> lag =
        history.history(
            pipeline, List.of("end_to_end_lag_ms"), start, start.plusSeconds(120), minutes, 60);
    assertThat(lag)
        .as("a minute keeps its worst lag")
        .extracting(MetricPoint::value)
        .containsExactly(5000.0, 11000.0);
    List<MetricPoint> rate =
        history.history(
            pipeline,
            List.of("rows_written_per_second"),
            start,
            start.plusSeconds(120),
            minutes,
            60);
    assertThat(rate)
        .as("a rate is averaged")
        .extracting(MetricPoint::value)
        .containsExactly(200.0, 200.0);
    assertThat(
            history.history(
                pipeline,
                List.of("end_to_end_lag_ms"),
                now.minus(Duration.ofHours(8)),
                now,
                SampleHistory.TIERS.get(0),
                1))
        .as("collected samples older than their retention are gone")
        .extracting(MetricPoint::value)
        .doesNotContain(42.0)
        .contains(11000.0);

    // compacting again changes nothing
    history.compact(now.plusSeconds(1));
    assertThat(
            history.history(
                pipeline, List.of("end_to_end_lag_ms"), start, start.plusSeconds(120), minutes, 60))
        .hasSize(2);

    // the history is in the catalog: a restarted server answers it over HTTP
    api.restart();
    JsonNode served =
        api.get(
                "/api/monitoring/pipelines/hist/metrics/history?metrics=end_to_end_lag_ms&step=60&from="
                    + start
                    + "&to="
                    + start.plusSeconds(120))
            .json();
    assertThat(served.at("/series/0/metric").asText()).isEqualTo("end_to_end_lag_ms");
    assertThat(served.at("/series/0/points/0/value").asDouble()).isEqualTo(5000.0);
    assertThat(served.at("/series/0/points/1/value").asDouble()).isEqualTo(11000.0);
  }

  @Test
  void queriesReadTheFinestTierThatStillHoldsTheirStart() {
    Instant now = Instant.now();
    assertThat(SampleHistory.tierFor(now.minus(Duration.ofHours(1)), now).resolutionSeconds())
        .isZero();
    assertThat(SampleHistory.tierFor(now.minus(Duration.ofDays(1)), now).resolutionSeconds())
        .isEqualTo(60);
    assertThat(SampleHistory.tierFor(now.minus(Duration.ofDays(10)), now).resolutionSeconds())
        .isEqualTo(900);
    SampleHistory.Tier raw = SampleHistory.TIERS.get(0);
    assertThat(
            SampleHistory.stepSeconds(now.minus(Duration.ofHours(1)), now, Optional.empty(), raw))
        .isEqualTo(10);
    assertThat(
            SampleHistory.stepSeconds(
                now.minus(Duration.ofDays(1)), now, Optional.of(1L), SampleHistory.TIERS.get(1)))
        .as("never finer than the tier")
        .isEqualTo(60);
  }

  private static PipelineObservation observation(Instant at, Map<PipelineMetric, Double> values) {
    return new PipelineObservation(
        pipeline,
        "hist",
        PipelineState.STREAMING,
        at,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        values);
  }
}
