package io.cdcflow.jobs.event;

/** Turns one Debezium field value into the value the target binds (see {@link ChangeEvent}). */
@FunctionalInterface
public interface ValueConverter {

  Object convert(Object debeziumValue);
}
