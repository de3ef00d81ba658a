package io.cdcflow.jobs.event;

/** Reads one value from its text (unescaped, in the bytes the database wrote). */
@FunctionalInterface
interface TextValue {
  Object read(byte[] b, int off, int len);
}
