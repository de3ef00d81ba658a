package io.cdcflow.jobs.spec;

import io.cdcflow.catalog.secret.SecretCipher;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * A PipelineSpec sealed with the platform's secret key, so connection passwords never travel or
 * show as plain text in job arguments. The job finds the key in {@code CDCFLOW_SECRET_KEY}, the
 * {@code cdcflow.secret-key} system property (the embedded cluster) or the cluster's Flink
 * configuration key {@code cdcflow.secret-key} (which the dashboard masks, as it masks every key
 * containing "secret").
 */
public final class SealedSpec {

  public static final String KEY_PROPERTY = "cdcflow.secret-key";
  public static final String KEY_ENVIRONMENT = "CDCFLOW_SECRET_KEY";
  static final ConfigOption<String> KEY_OPTION =
      ConfigOptions.key(KEY_PROPERTY).stringType().noDefaultValue();

  private SealedSpec() {}

  public static String seal(PipelineSpec spec, SecretCipher cipher) {
    return Base64.getEncoder().encodeToString(cipher.encrypt(PipelineSpecJson.write(spec)));
  }

  public static PipelineSpec open(String sealed, ReadableConfig flinkConfiguration) {
    String key =
        Optional.ofNullable(System.getenv(KEY_ENVIRONMENT))
            .or(() -> Optional.ofNullable(System.getProperty(KEY_PROPERTY)))
            .or(() -> flinkConfiguration.getOptional(KEY_OPTION))
            .filter(k -> !k.isBlank())
            .orElseThrow(
                () ->
                    new InvalidSpecException(
                        List.of(
                            "the pipeline spec is sealed but this Flink cluster has no key: set "
                                + KEY_ENVIRONMENT
                                + " (or the Flink option "
                                + KEY_PROPERTY
                                + ") to the control API's secret key")));
    String json;
    try {
      json = SecretCipher.fromConfiguredKey(key).decrypt(Base64.getDecoder().decode(sealed));
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(
          List.of(
              "the sealed pipeline spec cannot be opened with this cluster's key: "
                  + e.getMessage()));
    }
    return PipelineSpecJson.read(json);
  }
}
