package io.cdcflow.api.alerting;

/** The optional body of an acknowledgement: who takes care of the alert. */
public record AcknowledgeRequest(String by) {}
