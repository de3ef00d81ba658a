package io.cdcflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.api.ApiTestServer;
import io.cdcflow.catalog.secret.SecretCipher;
import io.cdcflow.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cdcflow rotate-key} against a real catalog, for the key file and for the env key. */
class KeyRotationTest {

  private record Run(int exit, String output) {}

  private static Run rotate(Map<String, String> env) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int exit = KeyRotation.run(env, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
  }

  /** Stored ciphertexts by connection name. */
  private static Map<String, byte[]> stored(ApiTestServer api) throws Exception {
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    try (Connection c = TestPostgres.shared().connect(api.catalogDatabase());
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT name, password_encrypted FROM cdcflow.connections ORDER BY name")) {
      while (rs.next()) {
        secrets.put(rs.getString(1), rs.getBytes(2));
      }
    }
    return secrets;
  }

  private static void addConnections(ApiTestServer api) {
    for (String name : new String[] {"alpha", "beta"}) {
      assertThat(
              api.post(
                      "/api/connections",
                      Map.of(
                          "name", name,
                          "type", "postgres",
                          "host", "localhost",
                          "port", 5432,
                          "database", "x",
                          "username", "u",
                          "password", "pw-of-" + name))
                  .status())
          .isEqualTo(201);
    }
    assertThat(
            api.post(
                    "/api/connections",
                    Map.of(
                        "name", "no-password",
                        "type", "postgres",
                        "host", "localhost",
                        "port", 5432,
                        "database", "x",
                        "username", "u"))
                .status())
        .isEqualTo(201);
  }

  @Test
  void rotatesTheKeyFileAndEverySecretWithIt() throws Exception {
    Map<String, String> env;
    Path keyFile;
    String oldKey;
    ApiTestServer api = ApiTestServer.start();
    {
      addConnections(api);
      env = api.environment();
      keyFile = api.dataDir().resolve("secret.key");
      oldKey = Files.readString(keyFile).trim();
      Map<String, byte[]> before = stored(api);

      Run wrong =
          rotate(
              withOverrides(
                  env,
                  Map.of(
                      "CDCFLOW_SECRET_KEY",
                      "not the key of this catalog",
                      KeyRotation.NEW_KEY_VARIABLE,
                      SecretCipher.generateKey())));
      assertThat(wrong.exit()).as(wrong.output()).isEqualTo(1);
      assertThat(wrong.output()).contains("cannot be decrypted").contains("nothing was changed");
      assertThat(stored(api)).usingRecursiveComparison().isEqualTo(before);

      api.close();
      Run run = rotate(env);
      assertThat(run.exit()).as(run.output()).isZero();
      assertThat(run.output()).contains("re-encrypted 2 connection password(s)");
      String newKey = Files.readString(keyFile).trim();
      assertThat(newKey).isNotEqualTo(oldKey);
      assertThat(keyFile.resolveSibling("secret.key.new")).doesNotExist();
      Map<String, byte[]> after = stored(api);
      SecretCipher fresh = SecretCipher.fromConfiguredKey(newKey);
      assertThat(fresh.decrypt(after.get("alpha"))).isEqualTo("pw-of-alpha");
      assertThat(fresh.decrypt(after.get("beta"))).isEqualTo("pw-of-beta");
      assertThat(after.get("no-password")).isNull();
      assertThatThrownBy(() -> SecretCipher.fromConfiguredKey(oldKey).decrypt(after.get("alpha")))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void withAKeyFromTheEnvironmentTakesTheNewOneFromTheEnvironmentToo() throws Exception {
    String oldKey = "the old passphrase of this platform";
    ApiTestServer api = ApiTestServer.start(Map.of("CDCFLOW_SECRET_KEY", oldKey));
    {
      addConnections(api);
      Map<String, String> env = api.environment();
      api.close();

      Run missing = rotate(env);
      assertThat(missing.exit()).isEqualTo(2);
      assertThat(missing.output()).contains(KeyRotation.NEW_KEY_VARIABLE);

      String newKey = SecretCipher.generateKey();
      Run run = rotate(withOverrides(env, Map.of(KeyRotation.NEW_KEY_VARIABLE, newKey)));
      assertThat(run.exit()).as(run.output()).isZero();
      assertThat(run.output()).contains("Now set CDCFLOW_SECRET_KEY");
      assertThat(SecretCipher.fromConfiguredKey(newKey).decrypt(stored(api).get("beta")))
          .isEqualTo("pw-of-beta");
      assertThat(api.dataDir().resolve("secret.key")).doesNotExist();
    }
  }

  private static Map<String, String> withOverrides(
      Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> copy = new HashMap<>(env);
    copy.putAll(overrides);
    return copy;
  }
}
