package io.cdcflow.api.security;

import io.cdcflow.api.server.ApiJson;
import io.cdcflow.api.server.CdcflowServer;
import io.cdcflow.api.server.ServerConfig;
import io.cdcflow.catalog.secret.SecretCipher;
import io.cdcflow.catalog.store.CatalogStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code cdcflow rotate-key}: re-encrypts every secret stored in the catalog (connection passwords)
 * from the current key to a new one in one transaction, then installs the new key. Run it with the
 * server stopped.
 *
 * <ul>
 *   <li>Key file ({@code <data dir>/secret.key}, the default): the new key is random (or {@code
 *       CDCFLOW_NEW_SECRET_KEY}); it is written next to the old one as {@code secret.key.new}
 *       before the catalog changes and moved over {@code secret.key} after the commit, so an
 *       interrupted rotation leaves the key that matches the catalog on disk.
 *   <li>{@code CDCFLOW_SECRET_KEY}: the old key is that variable and the new one {@code
 *       CDCFLOW_NEW_SECRET_KEY}; the operator then swaps them in the control API's and the Flink
 *       cluster's environment.
 * </ul>
 */
public final class KeyRotation {

  public static final String NEW_KEY_VARIABLE = "CDCFLOW_NEW_SECRET_KEY";

  private KeyRotation() {}

  /** Runs the command; returns the exit code (0 done, 1 failed, 2 usage). */
  public static int run(Map<String, String> env, PrintStream out) {
    ServerConfig config;
    try {
      config = ServerConfig.from(env);
    } catch (IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      return 2;
    }
    String newKey = env.getOrDefault(NEW_KEY_VARIABLE, "").trim();
    boolean fromEnvironment = config.secretKey().isPresent();
    if (fromEnvironment && newKey.isEmpty()) {
      out.println(
          "error: the key comes from CDCFLOW_SECRET_KEY, so give the new one in "
              + NEW_KEY_VARIABLE
              + " (for example "
              + SecretCipher.generateKey()
              + ")");
      return 2;
    }
    Path keyFile = config.dataDir().resolve("secret.key");
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      String oldKey;
      if (fromEnvironment) {
        oldKey = config.secretKey().get();
      } else {
        if (!Files.exists(keyFile)) {
          out.println("error: no key file at " + keyFile + " and CDCFLOW_SECRET_KEY is not set");
          return 1;
        }
        oldKey = Files.readString(keyFile).trim();
        newKey = newKey.isEmpty() ? SecretCipher.generateKey() : newKey;
      }
      if (newKey.equals(oldKey)) {
        out.println("error: the new key is the current key");
        return 2;
      }
      SecretCipher from = SecretCipher.fromConfiguredKey(oldKey);
      SecretCipher to = SecretCipher.fromConfiguredKey(newKey);
      Path pending = keyFile.resolveSibling("secret.key.new");
      if (!fromEnvironment) {
        Files.deleteIfExists(pending);
        Files.createFile(
            pending,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pending, newKey);
      }
      CatalogStore catalog = CdcflowServer.openCatalog(config, ApiJson.mapper(), resources);
      int count;
      try {
        count = reencrypt(catalog.jdbi(), from, to);
      } catch (IllegalStateException e) {
        Files.deleteIfExists(pending);
        out.println("error: " + e.getMessage() + "; nothing was changed");
        return 1;
      }
      if (fromEnvironment) {
        out.println(
            "re-encrypted "
                + count
                + " connection password(s) with the key in "
                + NEW_KEY_VARIABLE
                + ".\nNow set CDCFLOW_SECRET_KEY to that value wherever it is set (the control API"
                + " and every Flink JobManager/TaskManager, or the Flink option"
                + " cdcflow.secret-key), remove "
                + NEW_KEY_VARIABLE
                + ", restart, and start the pipelines again.");
      } else {
        Files.move(
            pending, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println(
            "re-encrypted "
                + count
                + " connection password(s) and wrote the new key to "
                + keyFile
                + ".\nA remote Flink cluster needs the new key too (CDCFLOW_SECRET_KEY or"
                + " cdcflow.secret-key); start the server and the pipelines again.");
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      out.println("error: key rotation failed: " + e.getMessage());
      return 1;
    } finally {
      for (int i = resources.size() - 1; i >= 0; i--) {
        try {
          resources.get(i).close();
        } catch (Exception e) {
          out.println("warning: " + e.getMessage());
        }
      }
    }
  }

  /**
   * Re-encrypts every stored connection password in one transaction; fails, changing nothing, when
   * one cannot be opened with {@code from}.
   *
   * @return how many secrets were re-encrypted
   */
  public static int reencrypt(Jdbi jdbi, SecretCipher from, SecretCipher to) {
    return jdbi.inTransaction(
        handle -> {
          List<Map<String, Object>> rows =
              handle
                  .createQuery(
                      "SELECT id, name, password_encrypted FROM connections"
                          + " WHERE password_encrypted IS NOT NULL ORDER BY name FOR UPDATE")
                  .mapToMap()
                  .list();
          for (Map<String, Object> row : rows) {
            String plain;
            try {
              plain = from.decrypt((byte[]) row.get("password_encrypted"));
            } catch (IllegalArgumentException e) {
              throw new IllegalStateException(
                  "the password of connection '"
                      + row.get("name")
                      + "' cannot be decrypted with the current key");
            }
            handle
                .createUpdate("UPDATE connections SET password_encrypted = :p WHERE id = :id")
                .bind("p", to.encrypt(plain))
                .bind("id", (UUID) row.get("id"))
                .execute();
          }
          return rows.size();
        });
  }
}
