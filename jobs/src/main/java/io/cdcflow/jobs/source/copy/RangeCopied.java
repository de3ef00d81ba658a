package io.cdcflow.jobs.source.copy;

import org.apache.flink.api.connector.source.SourceEvent;

/** A reader to the enumerator: it finished a range of the table, with this many rows. */
record RangeCopied(int table, long rows) implements SourceEvent {}
