package io.cdcflow.catalog.secret;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-256-GCM. Stored form: version byte, 12-byte random nonce,
 * ciphertext with its 16-byte tag. The key is never logged.
 */
public final class SecretCipher {

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;

  private SecretCipher(byte[] keyBytes) {
    this.key = new SecretKeySpec(keyBytes, "AES");
  }

  /**
   * A configured key: base64 of exactly 32 bytes is used as is; any other text is stretched with
   * SHA-256, so a passphrase works too.
   */
  public static SecretCipher fromConfiguredKey(String configured) {
    if (configured == null || configured.isBlank()) {
      throw new IllegalArgumentException("the secret key is empty");
    }
    try {
      byte[] decoded = Base64.getDecoder().decode(configured.trim());
      if (decoded.length == 32) {
        return new SecretCipher(decoded);
      }
    } catch (IllegalArgumentException notBase64) {
      // a passphrase, stretched below
    }
    try {
      return new SecretCipher(
          MessageDigest.getInstance("SHA-256").digest(configured.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Reads the key file, creating it (owner read/write only) with a random key when missing. */
  public static SecretCipher fromKeyFile(Path file) throws IOException {
    return fromConfiguredKey(readOrCreateKeyFile(file));
  }

  /** The key text of a key file, which is created with a random key when missing. */
  public static String readOrCreateKeyFile(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] key = new byte[32];
      RANDOM.nextBytes(key);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          file, Base64.getEncoder().encodeToString(key), StandardOpenOption.TRUNCATE_EXISTING);
    }
    return Files.readString(file).trim();
  }

  /** A fresh random key, base64, for rotation. */
  public static String generateKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  public byte[] encrypt(String plaintext) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
          .put(VERSION)
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  /** Fails when the bytes were not sealed with this key (wrong key or tampering). */
  public String decrypt(byte[] stored) {
    if (stored == null || stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
      throw new IllegalArgumentException("not a secret sealed by cdcflow");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
      byte[] plain = cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the secret could not be decrypted with the configured key", e);
    }
  }
}
