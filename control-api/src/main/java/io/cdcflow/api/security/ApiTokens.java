package io.cdcflow.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The API's bearer tokens, kept only as SHA-256 hashes with their role. A presented token is hashed
 * and compared with every known hash in constant time, so neither the answer nor its timing tells
 * how much of a guess was right. No tokens means authentication is off (loopback only, see {@link
 * TokenSetup}).
 */
public final class ApiTokens {

  /** Configured tokens shorter than this are refused at start-up. */
  public static final int MIN_LENGTH = 16;

  private final List<Entry> entries;

  ApiTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static ApiTokens none() {
    return new ApiTokens(List.of());
  }

  public boolean enabled() {
    return !entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  /** The role of a presented token, empty when it is not one of ours. */
  public Optional<Role> roleOf(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] hash = sha256(presented);
    Role found = null;
    for (Entry entry : entries) {
      // every entry is compared, match or not: no early exit to time
      if (MessageDigest.isEqual(hash, entry.hash()) && found == null) {
        found = entry.role();
      }
    }
    return Optional.ofNullable(found);
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static String hex(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }

  /** One known token: its SHA-256 hash and role. */
  record Entry(byte[] hash, Role role) {}
}
