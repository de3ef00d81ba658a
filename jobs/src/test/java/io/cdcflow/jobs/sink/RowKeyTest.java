package io.cdcflow.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * A row's key is the same whichever reader produced it: the COPY parser gives an int4 column as an
 * Integer, the log as a Long. Two changes of one key in one buffer would otherwise be written by
 * one statement, which PostgreSQL refuses ("ON CONFLICT DO UPDATE command cannot affect row a
 * second time"): a table copied again while the log streams meets both in one flush.
 */
class RowKeyTest {

  private static final int[] KEY = {0};

  @Test
  void integersOfEveryWidthAreOneKey() {
    RowKey copied = new RowKey(new Object[] {2145, "v"}, KEY);
    RowKey logged = new RowKey(new Object[] {2145L, "changed"}, KEY);
    assertThat(copied).isEqualTo(logged).hasSameHashCodeAs(logged);
    assertThat(new RowKey(new Object[] {(short) 7}, KEY))
        .isEqualTo(new RowKey(new Object[] {7L}, KEY));
    assertThat(new RowKey(new Object[] {2145}, KEY))
        .isNotEqualTo(new RowKey(new Object[] {2146L}, KEY));
  }

  @Test
  void decimalsEqualByValue() {
    assertThat(new RowKey(new Object[] {new BigDecimal("1.50")}, KEY))
        .isEqualTo(new RowKey(new Object[] {new BigDecimal("1.5")}, KEY));
  }
}
