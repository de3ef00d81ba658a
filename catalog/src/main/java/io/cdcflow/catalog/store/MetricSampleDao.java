package io.cdcflow.catalog.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Pipeline figures over time. Collected samples are stored at resolution 0 and rolled up into
 * coarser resolutions (one row per bucket) that live longer, so history covers days while the table
 * stays bounded. A bucket keeps the maximum of its samples (the worst lag, the newest counter
 * value), except for per-second rates, which keep the average.
 */
@RegisterConstructorMapper(MetricPoint.class)
public interface MetricSampleDao {

  String BUCKET_VALUE = " CASE WHEN metric LIKE '%per_second' THEN avg(value) ELSE max(value) END ";

  @SqlBatch(
      """
      INSERT INTO metric_samples (pipeline_id, metric, resolution_seconds, sampled_at, value)
      VALUES (:pipelineId, :metric, 0, :at, :value)
      ON CONFLICT DO NOTHING""")
  void insert(
      @Bind("pipelineId") UUID pipelineId,
      @Bind("at") Instant at,
      @Bind("metric") List<String> metrics,
      @Bind("value") List<Double> values);

  /** The samples of one resolution in [from, to), grouped into buckets of {@code stepSeconds}. */
  @SqlQuery(
      """
      SELECT metric, to_timestamp(floor(extract(epoch FROM sampled_at) / :step) * :step) AS at,
      """
          + BUCKET_VALUE
          + """
           AS value
            FROM metric_samples
           WHERE pipeline_id = :pipelineId AND resolution_seconds = :resolution
             AND metric IN (<metrics>) AND sampled_at >= :from AND sampled_at < :to
           GROUP BY metric, 2
           ORDER BY metric, 2""")
  List<MetricPoint> history(
      @Bind("pipelineId") UUID pipelineId,
      @BindList("metrics") Collection<String> metrics,
      @Bind("resolution") int resolutionSeconds,
      @Bind("from") Instant from,
      @Bind("to") Instant to,
      @Bind("step") long stepSeconds);

  /** The newest collected value of each figure of a pipeline. */
  @SqlQuery(
      """
      SELECT DISTINCT ON (metric) metric, sampled_at AS at, value
        FROM metric_samples
       WHERE pipeline_id = :pipelineId AND resolution_seconds = 0
       ORDER BY metric, sampled_at DESC""")
  List<MetricPoint> latest(@Bind("pipelineId") UUID pipelineId);

  /** Percentiles (0..1) of one figure's collected samples in [from, to); empty without samples. */
  @SqlQuery(
      """
      SELECT percentile_cont(:fraction) WITHIN GROUP (ORDER BY value)
        FROM metric_samples
       WHERE pipeline_id = :pipelineId AND resolution_seconds = 0 AND metric = :metric
         AND sampled_at >= :from AND sampled_at < :to""")
  Optional<Double> percentile(
      @Bind("pipelineId") UUID pipelineId,
      @Bind("metric") String metric,
      @Bind("fraction") double fraction,
      @Bind("from") Instant from,
      @Bind("to") Instant to);

  /**
   * Aggregates the {@code fromResolution} rows in [since, until) into {@code toResolution} buckets,
   * replacing buckets rolled up before (a bucket may have been partial then).
   *
   * @return the number of buckets written
   */
  @SqlUpdate(
      """
      INSERT INTO metric_samples (pipeline_id, metric, resolution_seconds, sampled_at, value)
      SELECT pipeline_id, metric, :toResolution,
             to_timestamp(floor(extract(epoch FROM sampled_at) / :toResolution) * :toResolution),
      """
          + BUCKET_VALUE
          + """

        FROM metric_samples
       WHERE resolution_seconds = :fromResolution AND sampled_at >= :since AND sampled_at < :until
       GROUP BY 1, 2, 4
      ON CONFLICT (pipeline_id, metric, resolution_seconds, sampled_at)
      DO UPDATE SET value = excluded.value""")
  int rollUp(
      @Bind("fromResolution") int fromResolution,
      @Bind("toResolution") int toResolution,
      @Bind("since") Instant since,
      @Bind("until") Instant until);

  @SqlUpdate(
      "DELETE FROM metric_samples WHERE resolution_seconds = :resolution AND sampled_at < :before")
  int deleteOlderThan(@Bind("resolution") int resolutionSeconds, @Bind("before") Instant before);
}
