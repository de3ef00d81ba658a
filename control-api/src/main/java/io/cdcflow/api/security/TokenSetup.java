package io.cdcflow.api.security;

import io.cdcflow.api.server.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the API's tokens at start-up, in this order:
 *
 * <ol>
 *   <li>configured: {@code CDCFLOW_API_TOKEN} (admin), {@code CDCFLOW_VIEWER_TOKEN} (viewer) and
 *       the lines of {@code CDCFLOW_TOKENS_FILE};
 *   <li>otherwise tokens generated earlier, stored hashed in {@code <data dir>/api-tokens};
 *   <li>otherwise, when the server binds beyond loopback: an admin and a viewer token generated
 *       now, stored hashed and printed once on the console (never logged);
 *   <li>otherwise none: authentication is off and the API listens on loopback only.
 * </ol>
 */
public final class TokenSetup {

  public static final String GENERATED_FILE = "api-tokens";
  private static final Logger LOG = LoggerFactory.getLogger(TokenSetup.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenSetup() {}

  public static ApiTokens resolve(ServerConfig config, PrintStream console) throws IOException {
    List<ApiTokens.Entry> entries = new ArrayList<>();
    config.apiToken().ifPresent(t -> entries.add(plain("CDCFLOW_API_TOKEN", t, Role.ADMIN)));
    config.viewerToken().ifPresent(t -> entries.add(plain("CDCFLOW_VIEWER_TOKEN", t, Role.VIEWER)));
    if (config.apiToken().isPresent()
        && config.viewerToken().isPresent()
        && config.apiToken().get().equals(config.viewerToken().get())) {
      throw new IllegalArgumentException("CDCFLOW_API_TOKEN and CDCFLOW_VIEWER_TOKEN must differ");
    }
    if (config.tokensFile().isPresent()) {
      Path file = config.tokensFile().get();
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("CDCFLOW_TOKENS_FILE " + file + " cannot be read");
      }
      entries.addAll(parse(file, Files.readAllLines(file)));
    }
    if (!entries.isEmpty()) {
      LOG.info("API authentication on: {} configured token(s)", entries.size());
      if (entries.stream().noneMatch(e -> e.role() == Role.ADMIN)) {
        LOG.warn("no admin token configured (CDCFLOW_API_TOKEN): the API is read-only");
      }
      return new ApiTokens(entries);
    }
    Path generated = config.dataDir().resolve(GENERATED_FILE);
    if (Files.exists(generated)) {
      List<ApiTokens.Entry> stored = parse(generated, Files.readAllLines(generated));
      LOG.info(
          "API authentication on: {} token(s) generated at first start, stored hashed in {}",
          stored.size(),
          generated);
      return new ApiTokens(stored);
    }
    if (config.bindsLoopbackOnly()) {
      LOG.warn(
          "no API token configured (CDCFLOW_API_TOKEN): authentication is off, and the API listens"
              + " on {} only, reachable from this machine alone",
          config.bindHost());
      return ApiTokens.none();
    }
    return generate(generated, config.bindHost(), console);
  }

  private static ApiTokens generate(Path file, String bindHost, PrintStream console)
      throws IOException {
    String admin = newToken();
    String viewer = newToken();
    String content =
        "# cdcflow API tokens generated at first start (SHA-256 hashes; the tokens were printed"
            + " once)\n"
            + "admin sha256:"
            + ApiTokens.hex(ApiTokens.sha256(admin))
            + "\nviewer sha256:"
            + ApiTokens.hex(ApiTokens.sha256(viewer))
            + "\n";
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temp =
        Files.createTempFile(
            file.toAbsolutePath().getParent(),
            GENERATED_FILE,
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, content);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    console.println(
        """

        ================================================================================
        cdcflow binds to %s and no API token was configured, so two were generated.
        They are shown this once; only their hashes are kept (%s).
          admin  (read and write)   %s
          viewer (read only)        %s
        Send one as:  Authorization: Bearer <token>
        To choose your own, set CDCFLOW_API_TOKEN / CDCFLOW_VIEWER_TOKEN (they replace these).
        ================================================================================
        """
            .formatted(bindHost, file, admin, viewer));
    LOG.warn(
        "no API token configured and binding to {}: generated an admin and a viewer token,"
            + " printed once on the console and stored hashed in {}",
        bindHost,
        file);
    return new ApiTokens(
        List.of(
            new ApiTokens.Entry(ApiTokens.sha256(admin), Role.ADMIN),
            new ApiTokens.Entry(ApiTokens.sha256(viewer), Role.VIEWER)));
  }

  /** A random token: 32 bytes, URL-safe base64 without padding (43 characters). */
  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static ApiTokens.Entry plain(String source, String token, Role role) {
    String trimmed = token.trim();
    if (trimmed.length() < ApiTokens.MIN_LENGTH) {
      throw new IllegalArgumentException(
          source + " must be at least " + ApiTokens.MIN_LENGTH + " characters long");
    }
    if (!trimmed.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          source + " must be printable ASCII without spaces (it travels in an HTTP header)");
    }
    return new ApiTokens.Entry(ApiTokens.sha256(trimmed), role);
  }

  /**
   * Lines {@code <role> <token>} or {@code <role> sha256:<hex of the token's SHA-256>}; blank lines
   * and lines starting with {@code #} are skipped.
   */
  static List<ApiTokens.Entry> parse(Path file, List<String> lines) {
    List<ApiTokens.Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String at = file + " line " + (i + 1);
      String[] parts = line.split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException(at + ": expected '<admin|viewer> <token>'");
      }
      Role role;
      try {
        role = Role.parse(parts[0]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ": " + e.getMessage());
      }
      String value = parts[1];
      if (value.toLowerCase(Locale.ROOT).startsWith("sha256:")) {
        String hex = value.substring("sha256:".length());
        if (!hex.matches("[0-9A-Fa-f]{64}")) {
          throw new IllegalArgumentException(at + ": sha256: must be followed by 64 hex digits");
        }
        entries.add(new ApiTokens.Entry(HexFormat.of().parseHex(hex), role));
      } else {
        entries.add(plain(at, value, role));
      }
    }
    return entries;
  }
}
