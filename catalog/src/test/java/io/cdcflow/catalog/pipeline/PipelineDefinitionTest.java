package io.cdcflow.catalog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineDefinitionTest {

  private static PipelineDefinition definition(PipelineMode mode, PipelineOptions options) {
    return new PipelineDefinition("p", null, "s", "t", mode, null, null, null, options);
  }

  @Test
  void aFullLoadSkipsTheSnapshotBackfillUnlessAskedTo() {
    assertThat(definition(PipelineMode.FULL_LOAD_ONLY, null).options().skipSnapshotBackfill())
        .isTrue();
    PipelineOptions keep =
        new PipelineOptions(
            null, null, null, null, null, null, false, null, null, null, null, null, null, null,
            null, null);
    assertThat(definition(PipelineMode.FULL_LOAD_ONLY, keep).options().skipSnapshotBackfill())
        .isFalse();
  }

  @Test
  void streamingPipelinesKeepTheBackfillByDefault() {
    for (PipelineMode mode : new PipelineMode[] {PipelineMode.FULL_LOAD_AND_CDC, null}) {
      PipelineOptions options = definition(mode, null).options();
      assertThat(options.skipSnapshotBackfill()).isFalse();
      assertThat(options.chunkSize()).isEqualTo(PipelineOptions.DEFAULTS.chunkSize());
    }
  }
}
