package io.cdcflow.api.alerting;

import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.store.AlertChannelDao;
import io.cdcflow.catalog.store.AlertChannelRow;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stores, reads, tests and deletes alert channels. */
public final class AlertChannelService {

  private static final Logger LOG = LoggerFactory.getLogger(AlertChannelService.class);

  private final AlertChannelDao channels;
  private final ChannelSender sender;
  private final AlertRules rules;

  public AlertChannelService(AlertChannelDao channels, ChannelSender sender, AlertRules rules) {
    this.channels = channels;
    this.sender = sender;
    this.rules = rules;
  }

  public List<AlertChannelView> list() {
    return channels.list().stream().map(AlertChannelView::of).toList();
  }

  public AlertChannelView get(String idOrName) {
    return AlertChannelView.of(row(idOrName));
  }

  public AlertChannelView create(AlertChannelRequest request) {
    request.validate();
    String name = request.name().trim();
    ensureNameFree(name, null);
    try {
      AlertChannelRow row =
          channels.insert(
              UUID.randomUUID(),
              name,
              request.kindId(),
              settings(request, null).toJson(),
              request.enabled() == null || request.enabled(),
              request.isDefault() != null && request.isDefault());
      rules.invalidate();
      LOG.info("Alert channel '{}' created ({})", row.name(), row.kind());
      return AlertChannelView.of(row);
    } catch (UnableToExecuteStatementException e) {
      throw translate(e, name);
    }
  }

  public AlertChannelView update(String idOrName, AlertChannelRequest request) {
    AlertChannelRow existing = row(idOrName);
    request.validate();
    String name = request.name().trim();
    ensureNameFree(name, existing.id());
    try {
      AlertChannelRow row =
          channels
              .update(
                  existing.id(),
                  name,
                  request.kindId(),
                  settings(request, existing).toJson(),
                  request.enabled() == null || request.enabled(),
                  request.isDefault() != null && request.isDefault())
              .orElseThrow(() -> ApiProblem.notFound("alert channel", idOrName));
      rules.invalidate();
      LOG.info("Alert channel '{}' updated", row.name());
      return AlertChannelView.of(row);
    } catch (UnableToExecuteStatementException e) {
      throw translate(e, name);
    }
  }

  /** Deleting a channel also unlinks it from rules and drops its deliveries (cascade). */
  public void delete(String idOrName) {
    AlertChannelRow existing = row(idOrName);
    channels.delete(existing.id());
    rules.invalidate();
    LOG.info("Alert channel '{}' deleted", existing.name());
  }

  /** Sends a test message now, whether the channel is enabled or not; nothing is recorded. */
  public ChannelTestResult test(String idOrName) {
    AlertChannelRow channel = row(idOrName);
    AlertEvent event =
        new AlertEvent(
            "TEST",
            null,
            null,
            null,
            "TEST",
            Severity.INFO.id(),
            null,
            "Test message from cdcflow: alert channel '" + channel.name() + "' works",
            null,
            Instant.now(),
            null);
    ChannelSender.Outcome outcome = sender.send(channel, event);
    return new ChannelTestResult(
        outcome.delivered(), outcome.responseCode(), outcome.error(), outcome.latencyMs());
  }

  AlertChannelRow row(String idOrName) {
    try {
      return channels
          .find(UUID.fromString(idOrName))
          .orElseThrow(() -> ApiProblem.notFound("alert channel", idOrName));
    } catch (IllegalArgumentException notUuid) {
      return channels
          .findByName(idOrName)
          .orElseThrow(() -> ApiProblem.notFound("alert channel", idOrName));
    }
  }

  /** The settings to store; masked values sent back unchanged keep the stored ones. */
  private static ChannelSettings settings(AlertChannelRequest request, AlertChannelRow existing) {
    if (!request.posts()) {
      return new ChannelSettings(null, null);
    }
    ChannelSettings stored = existing == null ? null : ChannelSettings.parse(existing.configJson());
    String url = request.url().trim();
    if (stored != null
        && stored.url() != null
        && url.equals(AlertChannelView.maskedUrl(existing.kind(), stored.url()))) {
      url = stored.url();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            (header, value) -> {
              String kept =
                  stored != null && ChannelSettings.MASK.equals(value)
                      ? stored.headers().get(header)
                      : null;
              headers.put(header, kept != null ? kept : value);
            });
    return new ChannelSettings(url, headers);
  }

  private void ensureNameFree(String name, UUID self) {
    channels
        .findByName(name)
        .filter(other -> !other.id().equals(self))
        .ifPresent(
            other -> {
              throw ApiProblem.conflict("an alert channel named '" + name + "' already exists");
            });
  }

  private static ApiProblem translate(UnableToExecuteStatementException e, String name) {
    if (e.getCause() instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
      return ApiProblem.conflict("an alert channel named '" + name + "' already exists");
    }
    throw e;
  }
}
