package io.cdcflow.api.alerting;

import java.util.UUID;

/** Small references the alerting views embed. */
public final class Refs {

  private Refs() {}

  /** A pipeline by id and name. */
  public record PipelineRef(UUID id, String name) {}

  /** A channel by id, name and kind. */
  public record ChannelRef(UUID id, String name, String kind) {}
}
