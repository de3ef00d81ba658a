package io.cdcflow.api.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.catalog.store.AlertChannelDao;
import io.cdcflow.catalog.store.AlertChannelRow;
import io.cdcflow.catalog.store.AlertDao;
import io.cdcflow.catalog.store.AlertDeliveryDao;
import io.cdcflow.catalog.store.AlertDeliveryRow;
import io.cdcflow.catalog.store.AlertRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers due PENDING alert deliveries on a daemon thread, one at a time, and records every
 * attempt: a failed one is retried with exponential backoff ({@link DeliveryPolicy}) until the
 * attempts are used up, then it stays FAILED. Woken by the engine when it enqueues, else it looks
 * every second. One dispatcher per catalog is assumed (a second server on the same catalog could
 * send an attempt twice).
 */
public final class AlertDispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
  private static final int BATCH = 50;

  private final AlertDeliveryDao deliveries;
  private final AlertDao alerts;
  private final AlertChannelDao channels;
  private final ChannelSender sender;
  private final DeliveryPolicy policy;
  private final ObjectMapper json;
  private final Semaphore wakeUp = new Semaphore(0);
  private final Duration pollInterval;
  private volatile boolean running;
  private Thread thread;

  public AlertDispatcher(
      AlertDeliveryDao deliveries,
      AlertDao alerts,
      AlertChannelDao channels,
      ChannelSender sender,
      DeliveryPolicy policy,
      ObjectMapper json) {
    this.deliveries = deliveries;
    this.alerts = alerts;
    this.channels = channels;
    this.sender = sender;
    this.policy = policy;
    this.json = json;
    Duration second = Duration.ofSeconds(1);
    Duration retry = policy.firstRetryDelay();
    this.pollInterval =
        retry.compareTo(second) < 0 && !retry.isZero() ? retry : second; // short retries in tests
  }

  public synchronized AlertDispatcher start() {
    if (thread == null) {
      running = true;
      thread = new Thread(this::run, "cdcflow-alert-dispatcher");
      thread.setDaemon(true);
      thread.start();
    }
    return this;
  }

  /** Deliveries were enqueued: look now rather than at the next poll. */
  public void wake() {
    wakeUp.release();
  }

  private void run() {
    while (running) {
      int sent = 0;
      try {
        sent = deliverDue();
      } catch (RuntimeException e) {
        LOG.warn("Alert deliveries not sent this pass: {}", e.toString());
      }
      if (sent < BATCH) {
        try {
          wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
          wakeUp.drainPermits();
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Attempts every due delivery once; returns how many were attempted. */
  int deliverDue() {
    List<AlertDeliveryRow> due = deliveries.due(BATCH);
    for (AlertDeliveryRow delivery : due) {
      if (!running) {
        break;
      }
      attempt(delivery);
    }
    return due.size();
  }

  private void attempt(AlertDeliveryRow delivery) {
    Optional<AlertRow> alert = alerts.find(delivery.alertId());
    Optional<AlertChannelRow> channel = channels.find(delivery.channelId());
    if (alert.isEmpty() || channel.isEmpty()) {
      return; // deleted meanwhile: the delivery went with it (cascade)
    }
    ChannelSender.Outcome outcome =
        channel.get().enabled()
            ? sender.send(channel.get(), event(delivery.event(), alert.get()))
            : new ChannelSender.Outcome(false, null, "channel disabled", 0);
    boolean retry =
        !outcome.delivered()
            && channel.get().enabled()
            && delivery.attempt() < policy.maxAttempts();
    Instant retryAt = retry ? Instant.now().plus(policy.delayAfter(delivery.attempt())) : null;
    deliveries.record(
        delivery, outcome.delivered(), outcome.responseCode(), outcome.error(), retryAt);
    if (!outcome.delivered()) {
      LOG.warn(
          "Alert {} {} to channel '{}' failed (attempt {}/{}): {}{}",
          alert.get().kind(),
          delivery.event(),
          channel.get().name(),
          delivery.attempt(),
          policy.maxAttempts(),
          outcome.error(),
          retry ? "; retry at " + retryAt : "; giving up");
    }
  }

  AlertEvent event(String event, AlertRow alert) {
    JsonNode details;
    try {
      details = json.readTree(alert.detailsJson() == null ? "{}" : alert.detailsJson());
    } catch (java.io.IOException e) {
      details = json.createObjectNode();
    }
    return new AlertEvent(
        event,
        alert.id(),
        alert.pipelineId(),
        alert.pipelineName(),
        alert.kind(),
        alert.severity(),
        alert.state(),
        alert.message(),
        details,
        alert.firedAt(),
        alert.resolvedAt());
  }

  @Override
  public void close() {
    Thread worker;
    synchronized (this) {
      running = false;
      worker = thread;
      thread = null;
    }
    if (worker != null) {
      worker.interrupt();
      try {
        worker.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
