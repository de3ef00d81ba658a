package io.cdcflow.api.alerting;

import io.cdcflow.api.alerting.Refs.ChannelRef;
import io.cdcflow.api.alerting.Refs.PipelineRef;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.api.server.ApiProblem.FieldError;
import io.cdcflow.catalog.store.AlertChannelDao;
import io.cdcflow.catalog.store.AlertChannelRow;
import io.cdcflow.catalog.store.AlertRuleDao;
import io.cdcflow.catalog.store.AlertRuleRow;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stores and reads alert rules, and tells which rules apply to a pipeline. */
public final class AlertRuleService {

  private static final Logger LOG = LoggerFactory.getLogger(AlertRuleService.class);
  private static final int MAX_DURATION_SECONDS = 7 * 24 * 3600;

  private final AlertRuleDao rules;
  private final AlertChannelDao channels;
  private final PipelineDao pipelines;
  private final AlertRules effective;

  public AlertRuleService(
      AlertRuleDao rules, AlertChannelDao channels, PipelineDao pipelines, AlertRules effective) {
    this.rules = rules;
    this.channels = channels;
    this.pipelines = pipelines;
    this.effective = effective;
  }

  public List<AlertRuleView> list() {
    Map<UUID, AlertChannelRow> channelRows = channelsById();
    return rules.list().stream().map(row -> view(row, channelRows)).toList();
  }

  public AlertRuleView get(String id) {
    return view(row(id), channelsById());
  }

  public AlertRuleView create(AlertRuleRequest request) {
    AlertRuleRow rule = validated(UUID.randomUUID(), request);
    ensureFree(rule);
    try {
      AlertRuleRow row = rules.insert(rule);
      effective.invalidate();
      LOG.info("Alert rule {} for {} created", row.kind(), scope(row));
      return view(row, channelsById());
    } catch (UnableToExecuteStatementException e) {
      throw translate(e, rule);
    }
  }

  public AlertRuleView update(String id, AlertRuleRequest request) {
    AlertRuleRow existing = row(id);
    AlertRuleRow rule = validated(existing.id(), request);
    ensureFree(rule);
    try {
      AlertRuleRow row =
          rules.update(rule).orElseThrow(() -> ApiProblem.notFound("alert rule", id));
      effective.invalidate();
      LOG.info("Alert rule {} for {} updated", row.kind(), scope(row));
      return view(row, channelsById());
    } catch (UnableToExecuteStatementException e) {
      throw translate(e, rule);
    }
  }

  public void delete(String id) {
    AlertRuleRow existing = row(id);
    rules.delete(existing.id());
    effective.invalidate();
    LOG.info("Alert rule {} for {} deleted", existing.kind(), scope(existing));
  }

  /**
   * Every kind with what applies to the pipeline: its own rule, the all-pipelines one, or the
   * built-in.
   */
  public List<EffectiveRuleView> effective(String pipeline) {
    if (pipeline == null || pipeline.isBlank()) {
      throw ApiProblem.invalid("pipeline", "required: a pipeline name or id");
    }
    PipelineRow row =
        pipelineRow(pipeline).orElseThrow(() -> ApiProblem.notFound("pipeline", pipeline));
    Map<UUID, AlertChannelRow> channelRows = channelsById();
    return effective.effective(row.id()).values().stream()
        .map(
            rule ->
                new EffectiveRuleView(
                    rule.kind(),
                    rule.kind().description(),
                    rule.source(),
                    rule.ruleId(),
                    rule.threshold(),
                    rule.durationSeconds(),
                    rule.severity(),
                    rule.enabled(),
                    channelRefs(rule.channelIds(), channelRows)))
        .toList();
  }

  private AlertRuleRow validated(UUID id, AlertRuleRequest request) {
    List<FieldError> errors = new ArrayList<>();
    RuleKind kind = null;
    if (request.kind() == null || request.kind().isBlank()) {
      errors.add(new FieldError("kind", "required"));
    } else {
      try {
        kind = RuleKind.fromId(request.kind());
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("kind", e.getMessage()));
      }
    }
    UUID pipelineId = null;
    if (request.pipeline() != null) {
      Optional<PipelineRow> pipeline = pipelineRow(request.pipeline());
      if (pipeline.isEmpty()) {
        errors.add(
            new FieldError(
                "pipeline", "no pipeline named or with id '" + request.pipeline() + "'"));
      } else {
        pipelineId = pipeline.get().id();
      }
    }
    Double threshold = request.threshold();
    if (kind != null) {
      if (threshold != null && !kind.takesThreshold()) {
        errors.add(new FieldError("threshold", kind + " takes no threshold"));
      } else if (threshold == null) {
        threshold = kind.defaultThreshold();
      } else if (threshold.isNaN() || threshold.isInfinite() || threshold < 0) {
        errors.add(new FieldError("threshold", "must be a number >= 0"));
      } else if ((kind == RuleKind.JOB_RESTARTING || kind == RuleKind.CHECKPOINT_FAILURES)
          && threshold < 1) {
        errors.add(new FieldError("threshold", "must be at least 1 (a count)"));
      }
    }
    Integer duration = request.durationSeconds();
    if (duration != null && (duration < 0 || duration > MAX_DURATION_SECONDS)) {
      errors.add(new FieldError("duration_seconds", "must be from 0 to " + MAX_DURATION_SECONDS));
    }
    Severity severity = null;
    if (request.severity() != null) {
      try {
        severity = Severity.fromId(request.severity());
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("severity", e.getMessage()));
      }
    }
    LinkedHashSet<UUID> channelIds = new LinkedHashSet<>();
    for (int i = 0; i < request.channels().size(); i++) {
      String channel = request.channels().get(i);
      Optional<AlertChannelRow> row = channel == null ? Optional.empty() : channelRow(channel);
      if (row.isEmpty()) {
        errors.add(new FieldError("channels[" + i + "]", "no alert channel '" + channel + "'"));
      } else {
        channelIds.add(row.get().id());
      }
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    return new AlertRuleRow(
        id,
        pipelineId,
        null,
        kind.name(),
        threshold,
        duration != null ? duration : kind.defaultDurationSeconds(),
        (severity != null ? severity : kind.defaultSeverity()).id(),
        request.enabled() == null || request.enabled(),
        Instant.now(),
        List.copyOf(channelIds));
  }

  private void ensureFree(AlertRuleRow rule) {
    rules.list().stream()
        .filter(
            other ->
                !other.id().equals(rule.id())
                    && other.kind().equals(rule.kind())
                    && java.util.Objects.equals(other.pipelineId(), rule.pipelineId()))
        .findFirst()
        .ifPresent(
            other -> {
              throw duplicate(rule);
            });
  }

  private ApiProblem duplicate(AlertRuleRow rule) {
    return ApiProblem.conflict(
        "a " + rule.kind() + " rule for " + scope(rule) + " exists already; update that one");
  }

  private ApiProblem translate(UnableToExecuteStatementException e, AlertRuleRow rule) {
    if (e.getCause() instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
      return duplicate(rule);
    }
    throw e;
  }

  private String scope(AlertRuleRow rule) {
    if (rule.pipelineId() == null) {
      return "all pipelines";
    }
    String name =
        rule.pipelineName() != null
            ? rule.pipelineName()
            : pipelines.find(rule.pipelineId()).map(PipelineRow::name).orElse("?");
    return "pipeline '" + name + "'";
  }

  private AlertRuleRow row(String id) {
    try {
      return rules
          .find(UUID.fromString(id))
          .orElseThrow(() -> ApiProblem.notFound("alert rule", id));
    } catch (IllegalArgumentException notUuid) {
      throw ApiProblem.notFound("alert rule", id);
    }
  }

  private Optional<PipelineRow> pipelineRow(String idOrName) {
    try {
      return pipelines.find(UUID.fromString(idOrName));
    } catch (IllegalArgumentException notUuid) {
      return pipelines.findByName(idOrName);
    }
  }

  private Optional<AlertChannelRow> channelRow(String idOrName) {
    try {
      return channels.find(UUID.fromString(idOrName));
    } catch (IllegalArgumentException notUuid) {
      return channels.findByName(idOrName);
    }
  }

  private Map<UUID, AlertChannelRow> channelsById() {
    return channels.list().stream()
        .collect(Collectors.toMap(AlertChannelRow::id, Function.identity()));
  }

  private static List<ChannelRef> channelRefs(
      List<UUID> ids, Map<UUID, AlertChannelRow> channelRows) {
    return ids.stream()
        .map(channelRows::get)
        .filter(java.util.Objects::nonNull)
        .map(c -> new ChannelRef(c.id(), c.name(), c.kind()))
        .toList();
  }

  private static AlertRuleView view(AlertRuleRow row, Map<UUID, AlertChannelRow> channelRows) {
    return new AlertRuleView(
        row.id(),
        RuleKind.fromId(row.kind()),
        row.pipelineId() == null ? null : new PipelineRef(row.pipelineId(), row.pipelineName()),
        row.threshold(),
        row.durationSeconds(),
        Severity.fromId(row.severity()),
        row.enabled(),
        channelRefs(row.channelIds(), channelRows),
        row.createdAt());
  }
}
