package io.cdcflow.api.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobExceptionsTest {

  private static JobExceptions.Failure failure(String trace) {
    return new JobExceptions.Failure(
        "x", trace, Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void theCauseNamingTheColumnIsTheReasonNotTheValueUnderIt() {
    String trace =
        """
        org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy
        \tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handle(X.java:1)
        Caused by: io.cdcflow.jobs.event.UnreadableValueException: column public.t.d: cannot read \
        the value 'infinity' from COPY (not an ISO date between years 0001 and 9999)
        \tat io.cdcflow.jobs.event.PostgresCopyRows.field(PostgresCopyRows.java:160)
        Caused by: io.cdcflow.jobs.event.UnwritableValueException: the value infinity has no \
        MySQL/MariaDB equivalent
        \tat io.cdcflow.jobs.event.TargetValues.adapt(TargetValues.java:25)
        """;
    assertThat(failure(trace).rootCause())
        .startsWith("io.cdcflow.jobs.event.UnreadableValueException: column public.t.d:")
        .contains("infinity");
  }

  @Test
  void withoutACauseOfCdcflowsTheDeepestCauseIsTheReason() {
    String trace =
        """
        org.apache.flink.runtime.JobException: Recovery is suppressed
        Caused by: java.io.IOException: writing 5 rows failed
        Caused by: java.sql.SQLException: connection refused
        \tat org.postgresql.Driver.connect(Driver.java:1)
        """;
    assertThat(failure(trace).rootCause()).isEqualTo("java.sql.SQLException: connection refused");
    assertThat(failure("java.lang.IllegalStateException: boom").rootCause())
        .isEqualTo("java.lang.IllegalStateException: boom");
  }
}
