package io.cdcflow.api.quality;

/**
 * How much a range comparison reports beyond its counts.
 *
 * @param samples keys named per kind of difference
 * @param digests whether each side's SHA-256 is computed (it sorts and hashes every row again)
 */
public record ChecksumDetail(int samples, boolean digests) {

  /** The API's checksum: a few keys to look at, and digests to compare elsewhere. */
  public static final ChecksumDetail API = new ChecksumDetail(10, true);

  /**
   * The continuous verifier: enough keys to tell rows in flight from wrong ones (a key must be
   * wrong in two looks), no digests.
   */
  public static final ChecksumDetail VERIFIER = new ChecksumDetail(1_000, false);
}
