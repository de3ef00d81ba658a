package io.cdcflow.catalog.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Alert rules with their channels. One rule per (pipeline or all pipelines, kind) is the table's
 * unique index; callers map the violation to a conflict.
 */
@RegisterRowMapper(AlertRuleRowMapper.class)
public interface AlertRuleDao extends SqlObject {

  String SELECT =
      """
      SELECT r.id, r.pipeline_id, p.name AS pipeline_name, r.kind, r.threshold, r.duration_seconds,
             r.severity, r.enabled, r.created_at,
             ARRAY(SELECT c.channel_id FROM alert_rule_channels c WHERE c.rule_id = r.id
                    ORDER BY c.channel_id) AS channel_ids
        FROM alert_rules r LEFT JOIN pipelines p ON p.id = r.pipeline_id
      """;

  @SqlQuery(SELECT + " ORDER BY p.name NULLS FIRST, r.kind")
  List<AlertRuleRow> list();

  @SqlQuery(SELECT + " WHERE r.id = :id")
  Optional<AlertRuleRow> find(@Bind("id") UUID id);

  @SqlUpdate(
      """
      INSERT INTO alert_rules (id, pipeline_id, kind, threshold, duration_seconds, severity, enabled)
      VALUES (:id, :pipelineId, :kind, :threshold, :duration, :severity, :enabled)""")
  void insertRule(
      @Bind("id") UUID id,
      @Bind("pipelineId") UUID pipelineId,
      @Bind("kind") String kind,
      @Bind("threshold") Double threshold,
      @Bind("duration") int durationSeconds,
      @Bind("severity") String severity,
      @Bind("enabled") boolean enabled);

  @SqlUpdate(
      """
      UPDATE alert_rules
         SET pipeline_id = :pipelineId, kind = :kind, threshold = :threshold,
             duration_seconds = :duration, severity = :severity, enabled = :enabled
       WHERE id = :id""")
  int updateRule(
      @Bind("id") UUID id,
      @Bind("pipelineId") UUID pipelineId,
      @Bind("kind") String kind,
      @Bind("threshold") Double threshold,
      @Bind("duration") int durationSeconds,
      @Bind("severity") String severity,
      @Bind("enabled") boolean enabled);

  @SqlUpdate("DELETE FROM alert_rule_channels WHERE rule_id = :id")
  void clearChannels(@Bind("id") UUID ruleId);

  @SqlUpdate("INSERT INTO alert_rule_channels (rule_id, channel_id) VALUES (:rule, :channel)")
  void linkChannel(@Bind("rule") UUID ruleId, @Bind("channel") UUID channelId);

  @SqlUpdate("DELETE FROM alert_rules WHERE id = :id")
  int delete(@Bind("id") UUID id);

  /** The rule and its channel links in one transaction. */
  @Transaction
  default AlertRuleRow insert(AlertRuleRow rule) {
    insertRule(
        rule.id(),
        rule.pipelineId(),
        rule.kind(),
        rule.threshold(),
        rule.durationSeconds(),
        rule.severity(),
        rule.enabled());
    rule.channelIds().forEach(channel -> linkChannel(rule.id(), channel));
    return find(rule.id()).orElseThrow();
  }

  /** Replaces the rule's settings and channel links in one transaction; empty when it is gone. */
  @Transaction
  default Optional<AlertRuleRow> update(AlertRuleRow rule) {
    if (updateRule(
            rule.id(),
            rule.pipelineId(),
            rule.kind(),
            rule.threshold(),
            rule.durationSeconds(),
            rule.severity(),
            rule.enabled())
        == 0) {
      return Optional.empty();
    }
    clearChannels(rule.id());
    rule.channelIds().forEach(channel -> linkChannel(rule.id(), channel));
    return find(rule.id());
  }
}
