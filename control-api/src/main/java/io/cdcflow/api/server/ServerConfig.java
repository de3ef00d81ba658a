package io.cdcflow.api.server;

import io.cdcflow.api.alerting.DeliveryPolicy;
import io.cdcflow.api.recovery.RecoveryPolicy;
import io.cdcflow.api.verification.VerifierPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The server's configuration, read from {@code CDCFLOW_*} environment variables (see README). Unset
 * values take embedded defaults: an embedded PostgreSQL catalog and an embedded Flink.
 */
public record ServerConfig(
    int port,
    String bindHost,
    Path dataDir,
    Optional<String> catalogUrl,
    String catalogUser,
    String catalogPassword,
    Optional<String> flinkUrl,
    int flinkUiPort,
    Optional<String> secretKey,
    Optional<String> apiToken,
    Optional<String> viewerToken,
    Optional<Path> tokensFile,
    List<String> corsOrigins,
    Optional<String> jobsJar,
    Duration metricsInterval,
    Duration newTablesInterval,
    DeliveryPolicy alertDelivery,
    RecoveryPolicy recovery,
    VerifierPolicy verification) {

  private static final Pattern ORIGIN =
      Pattern.compile(
          "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

  public static ServerConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static ServerConfig from(Map<String, String> env) {
    return new ServerConfig(
        intValue(env, "CDCFLOW_PORT", 8000),
        env.getOrDefault("CDCFLOW_BIND", "127.0.0.1"),
        Path.of(env.getOrDefault("CDCFLOW_DATA_DIR", "./data")).toAbsolutePath().normalize(),
        optional(env, "CDCFLOW_CATALOG_URL"),
        env.getOrDefault("CDCFLOW_CATALOG_USER", "postgres"),
        env.getOrDefault("CDCFLOW_CATALOG_PASSWORD", ""),
        optional(env, "CDCFLOW_FLINK_URL"),
        intValue(env, "CDCFLOW_FLINK_UI_PORT", 8081),
        optional(env, "CDCFLOW_SECRET_KEY"),
        optional(env, "CDCFLOW_API_TOKEN"),
        optional(env, "CDCFLOW_VIEWER_TOKEN"),
        optional(env, "CDCFLOW_TOKENS_FILE").map(f -> Path.of(f.trim())),
        origins(env.get("CDCFLOW_CORS_ORIGINS")),
        optional(env, "CDCFLOW_JOBS_JAR"),
        seconds(env, "CDCFLOW_METRICS_INTERVAL", 10, 1, 86_400),
        seconds(env, "CDCFLOW_NEW_TABLES_INTERVAL", 60, 0, 86_400),
        new DeliveryPolicy(
            (int) number(env, "CDCFLOW_ALERT_MAX_ATTEMPTS", 5, 1, 100),
            seconds(env, "CDCFLOW_ALERT_RETRY_SECONDS", 5, 0, 86_400),
            seconds(env, "CDCFLOW_ALERT_TIMEOUT_SECONDS", 5, 0.1, 300)),
        new RecoveryPolicy(
            (int)
                number(
                    env,
                    "CDCFLOW_AUTO_RECOVER_ATTEMPTS",
                    RecoveryPolicy.DEFAULT.maxAttempts(),
                    0,
                    100),
            seconds(
                env,
                "CDCFLOW_AUTO_RECOVER_DELAY_SECONDS",
                RecoveryPolicy.DEFAULT.firstDelay().toSeconds(),
                0,
                86_400)),
        new VerifierPolicy(
            (int)
                number(
                    env,
                    "CDCFLOW_VERIFY_ROWS_PER_SECOND",
                    VerifierPolicy.DEFAULT.rowsPerSecond(),
                    0,
                    10_000_000),
            number(env, "CDCFLOW_VERIFY_CORE_SHARE", VerifierPolicy.DEFAULT.coreShare(), 0.01, 1),
            VerifierPolicy.DEFAULT.chunkRows(),
            seconds(
                env,
                "CDCFLOW_VERIFY_RECHECK_SECONDS",
                VerifierPolicy.DEFAULT.recheckAfter().toSeconds(),
                0,
                3_600)));
  }

  public ServerConfig {
    corsOrigins = List.copyOf(corsOrigins);
  }

  /** True when the API listens only on a loopback address (reachable from this machine only). */
  public boolean bindsLoopbackOnly() {
    String host = bindHost.trim();
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** {@code CDCFLOW_CORS_ORIGINS}: a comma list of origins such as https://ui.example.com:8443. */
  static List<String> origins(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<String> origins = new ArrayList<>();
    for (String part : value.split(",")) {
      String origin = part.trim();
      if (origin.isEmpty()) {
        continue;
      }
      if (!ORIGIN.matcher(origin).matches()) {
        throw new IllegalArgumentException(
            "CDCFLOW_CORS_ORIGINS: '"
                + origin
                + "' is not an origin such as https://ui.example.com or http://localhost:3000"
                + " (scheme and host, optional port, no path; '*' is not accepted)");
      }
      origins.add(origin);
    }
    return origins;
  }

  private static Duration seconds(
      Map<String, String> env, String name, double fallback, double min, double max) {
    return Duration.ofMillis(Math.round(number(env, name, fallback, min, max) * 1000));
  }

  private static double number(
      Map<String, String> env, String name, double fallback, double min, double max) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value.trim());
      if (!(parsed >= min && parsed <= max)) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a number from " + min + " to " + max + ", got '" + value + "'");
    }
  }

  private static Optional<String> optional(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }

  private static int intValue(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < 0 || parsed > 65535) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a port number (0-65535), got '" + value + "'");
    }
  }
}
