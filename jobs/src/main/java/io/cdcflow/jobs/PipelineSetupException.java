package io.cdcflow.jobs;

import java.util.List;

/** A pipeline that cannot start: the source or target is not ready; each problem says why. */
public class PipelineSetupException extends RuntimeException {

  private final List<String> problems;

  public PipelineSetupException(List<String> problems, Throwable cause) {
    super(String.join("; ", problems), cause);
    this.problems = List.copyOf(problems);
  }

  public PipelineSetupException(String problem, Throwable cause) {
    this(List.of(problem), cause);
  }

  public List<String> problems() {
    return problems;
  }
}
