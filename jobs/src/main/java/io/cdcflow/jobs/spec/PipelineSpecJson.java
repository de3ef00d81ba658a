package io.cdcflow.jobs.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads and writes a {@link PipelineSpec} as JSON. Reading validates: a bad spec fails with an
 * {@link InvalidSpecException} naming each field. Durations are ISO-8601 ("PT10S").
 */
public final class PipelineSpecJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private PipelineSpecJson() {}

  public static String write(PipelineSpec spec) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write pipeline spec: " + e.getMessage(), e);
    }
  }

  /** The spec's JSON in base64, for passing it as one job argument. */
  public static String writeBase64(PipelineSpec spec) {
    return Base64.getEncoder().encodeToString(write(spec).getBytes(StandardCharsets.UTF_8));
  }

  public static PipelineSpec read(String json) {
    PipelineSpec spec;
    try {
      spec = MAPPER.readValue(json, PipelineSpec.class);
    } catch (JsonMappingException e) {
      throw new InvalidSpecException(List.of(path(e) + ": " + e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException(List.of("not valid JSON: " + e.getOriginalMessage()));
    }
    if (spec == null) {
      throw new InvalidSpecException(List.of("the spec is empty"));
    }
    return PipelineSpecValidator.validate(spec);
  }

  public static PipelineSpec readBase64(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(List.of("--spec: not base64: " + e.getMessage()));
    }
    return read(new String(bytes, StandardCharsets.UTF_8));
  }

  public static PipelineSpec readFile(Path file) {
    try {
      return read(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read pipeline spec " + file + ": " + e, e);
    }
  }

  /** "tables[2].keyColumns" from Jackson's path. */
  private static String path(JsonMappingException e) {
    String p =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining());
    if (p.startsWith(".")) {
      p = p.substring(1);
    }
    return p.isEmpty() ? "(spec)" : p;
  }
}
