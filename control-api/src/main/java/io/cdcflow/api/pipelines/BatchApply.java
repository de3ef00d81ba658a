package io.cdcflow.api.pipelines;

import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.pipeline.PipelineDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Applies many definitions at once, by name: every definition is checked (syntax, connections,
 * patterns against the live sources) before anything changes, then each is created, updated or left
 * alone. Applying the same batch twice changes nothing.
 */
public final class BatchApply {

  private final PipelineService pipelines;
  private final PipelineLifecycle lifecycle;
  private final DefinitionValidator validator = new DefinitionValidator();

  public BatchApply(PipelineService pipelines, PipelineLifecycle lifecycle) {
    this.pipelines = pipelines;
    this.lifecycle = lifecycle;
  }

  /**
   * @param start also start every pipeline of the batch that is not running (after all were
   *     applied)
   */
  public List<Outcome> apply(List<PipelineDefinition> definitions, boolean start) {
    List<ApiProblem.FieldError> errors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < definitions.size(); i++) {
      PipelineDefinition d = definitions.get(i);
      errors.addAll(validator.check(d, "[" + i + "]."));
      if (d.name() != null && !names.add(d.name())) {
        errors.add(
            new ApiProblem.FieldError(
                "[" + i + "].name", "'" + d.name() + "' appears twice in the batch"));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    for (int i = 0; i < definitions.size(); i++) {
      try {
        pipelines.checkAgainstSources(definitions.get(i));
      } catch (ApiProblem p) {
        String prefix = "[" + i + "].";
        if (p.fields().isEmpty()) {
          errors.add(new ApiProblem.FieldError(prefix + "(definition)", p.getMessage()));
        } else {
          p.fields()
              .forEach(f -> errors.add(new ApiProblem.FieldError(prefix + f.field(), f.reason())));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (PipelineDefinition d : definitions) {
      Optional<UUID> existing = pipelines.findId(d.name());
      if (existing.isEmpty()) {
        outcomes.add(new Outcome(d.name(), pipelines.create(d).id(), "created"));
      } else if (pipelines.sameDefinition(existing.get(), d)) {
        outcomes.add(new Outcome(d.name(), existing.get(), "unchanged"));
      } else {
        outcomes.add(new Outcome(d.name(), pipelines.update(existing.get(), d).id(), "updated"));
      }
    }
    if (start) {
      for (Outcome outcome : outcomes) {
        if (!pipelines.get(outcome.id()).state().isActive()) {
          lifecycle.start(outcome.id());
        }
      }
    }
    return outcomes;
  }

  /** What happened to one definition of the batch. */
  public record Outcome(String name, UUID id, String action) {}
}
