package io.cdcflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.api.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the API's tokens come from: configured, generated once beyond loopback, or none. */
class TokenSetupTest {

  private static ServerConfig config(Path dataDir, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("CDCFLOW_DATA_DIR", dataDir.toString());
    return ServerConfig.from(env);
  }

  private static String resolveOutput(ServerConfig config, ApiTokens[] into) throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    into[0] = TokenSetup.resolve(config, new PrintStream(console, true, StandardCharsets.UTF_8));
    return console.toString(StandardCharsets.UTF_8);
  }

  @Test
  void loopbackWithoutTokensTurnsAuthenticationOff(@TempDir Path dir) throws Exception {
    ApiTokens[] tokens = new ApiTokens[1];
    String printed = resolveOutput(config(dir, Map.of()), tokens);
    assertThat(tokens[0].enabled()).isFalse();
    assertThat(printed).isEmpty();
    assertThat(dir.resolve(TokenSetup.GENERATED_FILE)).doesNotExist();
  }

  @Test
  void beyondLoopbackTokensAreGeneratedPrintedOnceAndStoredHashed(@TempDir Path dir)
      throws Exception {
    ServerConfig config = config(dir, Map.of("CDCFLOW_BIND", "0.0.0.0"));
    ApiTokens[] first = new ApiTokens[1];
    String printed = resolveOutput(config, first);
    Matcher admin = Pattern.compile("admin .*?\\s([A-Za-z0-9_-]{43})\\n").matcher(printed);
    Matcher viewer = Pattern.compile("viewer .*?\\s([A-Za-z0-9_-]{43})\\n").matcher(printed);
    assertThat(admin.find()).as(printed).isTrue();
    assertThat(viewer.find()).as(printed).isTrue();
    assertThat(first[0].roleOf(admin.group(1))).contains(Role.ADMIN);
    assertThat(first[0].roleOf(viewer.group(1))).contains(Role.VIEWER);

    Path stored = dir.resolve(TokenSetup.GENERATED_FILE);
    String content = Files.readString(stored);
    assertThat(content).doesNotContain(admin.group(1)).doesNotContain(viewer.group(1));
    assertThat(content).contains("admin sha256:").contains("viewer sha256:");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
        .isEqualTo("rw-------");

    ApiTokens[] second = new ApiTokens[1];
    assertThat(resolveOutput(config, second)).isEmpty();
    assertThat(second[0].roleOf(admin.group(1))).contains(Role.ADMIN);
    assertThat(second[0].roleOf("something-else-entirely")).isEmpty();
    // the stored tokens stay in force on loopback too
    ApiTokens[] local = new ApiTokens[1];
    resolveOutput(config(dir, Map.of()), local);
    assertThat(local[0].roleOf(viewer.group(1))).contains(Role.VIEWER);
  }

  @Test
  void configuredTokensAndATokensFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(
        file,
        "# ops\nviewer grafana-viewer-token-1\nadmin sha256:"
            + ApiTokens.hex(ApiTokens.sha256("hashed-admin-token-1"))
            + "\n\n");
    ApiTokens[] tokens = new ApiTokens[1];
    resolveOutput(
        config(
            dir,
            Map.of(
                "CDCFLOW_BIND", "0.0.0.0",
                "CDCFLOW_API_TOKEN", "env-admin-token-0001",
                "CDCFLOW_TOKENS_FILE", file.toString())),
        tokens);
    assertThat(tokens[0].size()).isEqualTo(3);
    assertThat(tokens[0].roleOf("env-admin-token-0001")).contains(Role.ADMIN);
    assertThat(tokens[0].roleOf("grafana-viewer-token-1")).contains(Role.VIEWER);
    assertThat(tokens[0].roleOf("hashed-admin-token-1")).contains(Role.ADMIN);
    assertThat(tokens[0].roleOf("hashed-admin-token-")).isEmpty();
    assertThat(dir.resolve(TokenSetup.GENERATED_FILE)).doesNotExist();
  }

  @Test
  void weakOrMalformedTokensAreRefusedAtStart(@TempDir Path dir) throws Exception {
    assertThatThrownBy(
            () -> TokenSetup.resolve(config(dir, Map.of("CDCFLOW_API_TOKEN", "short")), System.out))
        .hasMessageContaining("CDCFLOW_API_TOKEN")
        .hasMessageContaining("16");
    assertThatThrownBy(
            () ->
                TokenSetup.resolve(
                    config(
                        dir,
                        Map.of(
                            "CDCFLOW_API_TOKEN", "same-token-for-both",
                            "CDCFLOW_VIEWER_TOKEN", "same-token-for-both")),
                    System.out))
        .hasMessageContaining("differ");
    Path file = dir.resolve("bad-tokens");
    Files.writeString(file, "admin good-token-long-enough\nroot other-token-long-enough\n");
    assertThatThrownBy(
            () ->
                TokenSetup.resolve(
                    config(dir, Map.of("CDCFLOW_TOKENS_FILE", file.toString())), System.out))
        .hasMessageContaining("line 2")
        .hasMessageContaining("admin or viewer");
    assertThatThrownBy(() -> ServerConfig.from(Map.of("CDCFLOW_CORS_ORIGINS", "*")))
        .hasMessageContaining("CDCFLOW_CORS_ORIGINS");
    assertThat(
            ServerConfig.from(
                    Map.of("CDCFLOW_CORS_ORIGINS", "https://a.example, http://localhost:3000"))
                .corsOrigins())
        .containsExactly("https://a.example", "http://localhost:3000");
  }
}
