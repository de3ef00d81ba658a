package io.cdcflow.jobs;

import io.cdcflow.jobs.spec.PipelineSpec;
import io.cdcflow.jobs.spec.PipelineSpecJson;
import io.cdcflow.jobs.spec.SealedSpec;
import java.nio.file.Path;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pipeline: {@code --sealed-spec BASE64} (what the control API submits: the spec sealed
 * with the platform's secret key, see {@link SealedSpec}), {@code --spec-file PATH} or {@code
 * --spec BASE64} (plain, for running a spec by hand). The same main runs on an embedded MiniCluster
 * and, from the shaded jar, on a Flink cluster.
 */
public final class PipelineJob {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineJob.class);

  private PipelineJob() {}

  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineSpec spec = readSpec(args, env.getConfiguration());
    PipelineSpec prepared = PipelineSetup.prepare(spec);
    PipelineComposer.compose(env, prepared);
    LOG.info(
        "starting {} ({} tables, {})",
        prepared.jobName(),
        prepared.tables().size(),
        prepared.mode());
    env.execute(prepared.jobName());
  }

  /** Sets the pipeline up and submits its job without waiting for it. */
  public static JobClient submit(StreamExecutionEnvironment env, PipelineSpec spec)
      throws Exception {
    PipelineSpec prepared = PipelineSetup.prepare(spec);
    PipelineComposer.compose(env, prepared);
    return env.executeAsync(prepared.jobName());
  }

  static PipelineSpec readSpec(String[] args, ReadableConfig flinkConfiguration) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--sealed-spec")) {
        return SealedSpec.open(args[i + 1], flinkConfiguration);
      }
      if (args[i].equals("--spec-file")) {
        return PipelineSpecJson.readFile(Path.of(args[i + 1]));
      }
      if (args[i].equals("--spec")) {
        return PipelineSpecJson.readBase64(args[i + 1]);
      }
    }
    throw new IllegalArgumentException(
        "usage: PipelineJob --sealed-spec <sealed spec> | --spec-file <spec.json> | --spec <base64 of spec.json>");
  }
}
