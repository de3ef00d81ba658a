package io.cdcflow.api.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcflow.api.server.ApiJson;
import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.api.server.RequestBodies;
import io.cdcflow.catalog.pipeline.PipelineDefinition;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pipeline definitions from a request: JSON (an object or an array) or YAML (one document or
 * many, {@code ---} separated), chosen by the Content-Type. Same field names either way.
 */
public final class DefinitionReader {

  private final ObjectMapper json;
  private final ObjectMapper yaml;
  private final RequestBodies bodies;

  public DefinitionReader(ObjectMapper json, RequestBodies bodies) {
    this.json = json;
    this.yaml = ApiJson.yamlMapper();
    this.bodies = bodies;
  }

  public PipelineDefinition one(Context ctx) {
    List<PipelineDefinition> all = many(ctx);
    if (all.size() != 1) {
      throw ApiProblem.badRequest(
          "expected one pipeline definition, got "
              + all.size()
              + "; use /api/pipelines/batch for many");
    }
    return all.get(0);
  }

  public List<PipelineDefinition> many(Context ctx) {
    String body = ctx.body();
    if (body.isBlank()) {
      throw ApiProblem.badRequest(
          "the request needs a body: a pipeline definition in JSON or YAML");
    }
    ObjectMapper mapper = isYaml(ctx.contentType()) ? yaml : json;
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(body)) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
          continue;
        }
        if (doc.isArray()) {
          doc.forEach(documents::add);
        } else {
          documents.add(doc);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw ApiProblem.badRequest(
          "the body is not valid "
              + (mapper == yaml ? "YAML" : "JSON")
              + ": "
              + firstLine(e.getMessage()));
    }
    if (documents.isEmpty()) {
      throw ApiProblem.badRequest("the body holds no pipeline definition");
    }
    List<PipelineDefinition> definitions = new ArrayList<>();
    List<ApiProblem.FieldError> errors = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      String prefix = documents.size() > 1 ? "[" + i + "]." : "";
      JsonNode doc = documents.get(i);
      if (!doc.isObject()) {
        errors.add(
            new ApiProblem.FieldError(
                prefix.isEmpty() ? "(body)" : prefix.substring(0, prefix.length() - 1),
                "a definition must be an object"));
        continue;
      }
      try {
        definitions.add(bodies.convert(doc, PipelineDefinition.class));
      } catch (ApiProblem p) {
        p.fields()
            .forEach(f -> errors.add(new ApiProblem.FieldError(prefix + f.field(), f.reason())));
        if (p.fields().isEmpty()) {
          errors.add(new ApiProblem.FieldError(prefix + "(document)", p.getMessage()));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    return definitions;
  }

  private static boolean isYaml(String contentType) {
    return contentType != null && (contentType.contains("yaml") || contentType.contains("yml"));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
