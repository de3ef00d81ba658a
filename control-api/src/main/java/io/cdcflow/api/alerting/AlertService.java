package io.cdcflow.api.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.alerting.Refs.ChannelRef;
import io.cdcflow.api.alerting.Refs.PipelineRef;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.store.AlertChannelDao;
import io.cdcflow.catalog.store.AlertChannelRow;
import io.cdcflow.catalog.store.AlertDao;
import io.cdcflow.catalog.store.AlertDeliveryDao;
import io.cdcflow.catalog.store.AlertDeliveryRow;
import io.cdcflow.catalog.store.AlertRow;
import io.cdcflow.catalog.store.PipelineDao;
import io.cdcflow.catalog.store.PipelineRow;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lists and reads alerts, and the two things a person does with one: acknowledge, resolve. */
public final class AlertService {

  private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;

  private final AlertDao alerts;
  private final AlertDeliveryDao deliveries;
  private final AlertChannelDao channels;
  private final PipelineDao pipelines;
  private final AlertEngine engine;
  private final Runnable deliveriesQueued;
  private final ObjectMapper json;

  public AlertService(
      AlertDao alerts,
      AlertDeliveryDao deliveries,
      AlertChannelDao channels,
      PipelineDao pipelines,
      AlertEngine engine,
      Runnable deliveriesQueued,
      ObjectMapper json) {
    this.alerts = alerts;
    this.deliveries = deliveries;
    this.channels = channels;
    this.pipelines = pipelines;
    this.engine = engine;
    this.deliveriesQueued = deliveriesQueued;
    this.json = json;
  }

  /** The query of {@code GET /api/monitoring/alerts}; every value optional, as sent. */
  public record Filter(
      String state, String pipeline, String kind, String from, String to, String limit) {}

  public List<AlertView> list(Filter filter) {
    String[] states =
        switch (filter.state() == null ? "open" : filter.state().toLowerCase(Locale.ROOT)) {
          case "open" -> new String[] {"ACTIVE", "ACKNOWLEDGED"};
          case "active" -> new String[] {"ACTIVE"};
          case "acknowledged" -> new String[] {"ACKNOWLEDGED"};
          case "resolved" -> new String[] {"RESOLVED"};
          case "all" -> new String[] {"ACTIVE", "ACKNOWLEDGED", "RESOLVED"};
          default ->
              throw ApiProblem.invalid(
                  "state", "one of open (default), active, acknowledged, resolved, all");
        };
    UUID pipelineId = null;
    if (filter.pipeline() != null) {
      pipelineId =
          pipelineRow(filter.pipeline())
              .map(PipelineRow::id)
              .orElseThrow(
                  () -> ApiProblem.invalid("pipeline", "no pipeline '" + filter.pipeline() + "'"));
    }
    String kind = null;
    if (filter.kind() != null) {
      try {
        kind = RuleKind.fromId(filter.kind()).name();
      } catch (IllegalArgumentException e) {
        throw ApiProblem.invalid("kind", e.getMessage());
      }
    }
    int limit = DEFAULT_LIMIT;
    if (filter.limit() != null) {
      try {
        limit = Integer.parseInt(filter.limit().trim());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw ApiProblem.invalid("limit", "a number from 1 to " + MAX_LIMIT);
      }
    }
    return alerts
        .search(
            states,
            pipelineId,
            kind,
            instant("from", filter.from()),
            instant("to", filter.to()),
            limit)
        .stream()
        .map(row -> view(row, null))
        .toList();
  }

  /** One alert with its deliveries and every attempt. */
  public AlertView get(String id) {
    AlertRow row = row(id);
    return view(row, deliveries(row.id()));
  }

  /** Someone takes care of it; it still resolves by itself when its condition clears. */
  public AlertView acknowledge(String id, AcknowledgeRequest request) {
    AlertRow row = row(id);
    if (!row.isOpen()) {
      throw ApiProblem.conflict("alert " + row.id() + " is resolved already");
    }
    String by = request == null || request.by() == null ? null : request.by().trim();
    if (by != null && (by.length() > 200 || by.chars().anyMatch(Character::isISOControl))) {
      throw ApiProblem.invalid("by", "at most 200 characters, no control characters");
    }
    if (alerts.acknowledge(row.id(), by) > 0) {
      LOG.info("Alert {} ({}) acknowledged by {}", row.id(), row.kind(), by == null ? "-" : by);
    }
    return get(row.id().toString());
  }

  /**
   * Resolves by hand and sends the RESOLVED events. Should the condition still hold, the next round
   * opens a new alert.
   */
  public AlertView resolve(String id) {
    AlertRow row = row(id);
    if (alerts.resolve(row.id()).isEmpty()) {
      throw ApiProblem.conflict("alert " + row.id() + " is resolved already");
    }
    LOG.info("Alert {} ({}) resolved by hand", row.id(), row.kind());
    deliveriesQueued.run();
    engine.recount(row.pipelineId());
    return get(row.id().toString());
  }

  private List<AlertView.Delivery> deliveries(UUID alertId) {
    Map<String, List<AlertDeliveryRow>> byChannelAndEvent = new LinkedHashMap<>();
    for (AlertDeliveryRow attempt : deliveries.forAlert(alertId)) {
      byChannelAndEvent
          .computeIfAbsent(attempt.channelId() + "/" + attempt.event(), k -> new ArrayList<>())
          .add(attempt);
    }
    Map<UUID, AlertChannelRow> channelRows = new LinkedHashMap<>();
    List<AlertView.Delivery> result = new ArrayList<>();
    for (List<AlertDeliveryRow> attempts : byChannelAndEvent.values()) {
      AlertDeliveryRow first = attempts.get(0);
      AlertDeliveryRow newest = attempts.get(attempts.size() - 1);
      AlertChannelRow channel =
          channelRows.computeIfAbsent(
              first.channelId(), channelId -> channels.find(channelId).orElse(null));
      result.add(
          new AlertView.Delivery(
              new ChannelRef(
                  first.channelId(), first.channelName(), channel == null ? null : channel.kind()),
              first.event(),
              newest.status(),
              attempts.stream()
                  .map(
                      a ->
                          new AlertView.Attempt(
                              a.attempt(),
                              a.status(),
                              a.responseCode(),
                              a.error(),
                              a.attemptedAt(),
                              a.nextAttemptAt()))
                  .toList()));
    }
    return result;
  }

  private AlertView view(AlertRow row, List<AlertView.Delivery> deliveries) {
    JsonNode details;
    try {
      details = json.readTree(row.detailsJson() == null ? "{}" : row.detailsJson());
    } catch (IOException e) {
      details = json.createObjectNode();
    }
    return new AlertView(
        row.id(),
        row.pipelineId() == null ? null : new PipelineRef(row.pipelineId(), row.pipelineName()),
        row.kind(),
        row.severity(),
        row.state(),
        row.message(),
        details,
        row.ruleId(),
        row.firedAt(),
        row.acknowledgedAt(),
        row.acknowledgedBy(),
        row.resolvedAt(),
        deliveries);
  }

  private AlertRow row(String id) {
    try {
      return alerts.find(UUID.fromString(id)).orElseThrow(() -> ApiProblem.notFound("alert", id));
    } catch (IllegalArgumentException notUuid) {
      throw ApiProblem.notFound("alert", id);
    }
  }

  private Optional<PipelineRow> pipelineRow(String idOrName) {
    try {
      return pipelines.find(UUID.fromString(idOrName));
    } catch (IllegalArgumentException notUuid) {
      return pipelines.findByName(idOrName);
    }
  }

  private static Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      Instant parsed = Instant.parse(value.trim());
      if (parsed.isBefore(Instant.EPOCH) || parsed.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
        throw ApiProblem.invalid(field, "must be between 1970 and 9999, got '" + value + "'");
      }
      return parsed;
    } catch (DateTimeParseException e) {
      throw ApiProblem.invalid(field, "an ISO-8601 UTC time such as 2026-01-31T12:00:00Z");
    }
  }
}
