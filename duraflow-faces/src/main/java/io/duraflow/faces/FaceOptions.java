package io.duraflow.faces;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the face workflow.
 *
 * @param allowPrivateUrls fetch from loopback and private (RFC 1918, ULA, CGNAT) addresses; link-local and
 *     cloud-metadata addresses stay refused regardless
 * @param allowFileUrls accept {@code file:} URLs (local files of the worker)
 * @param maxImageBytes the largest image body accepted
 * @param connectTimeout TCP connect timeout per hop
 * @param fetchTimeout total time for fetching one image, redirects included
 * @param maxRedirects redirects followed per image
 * @param minTile smallest detector tile in pixels (see {@link BlazeFaceDetector})
 * @param minConfidence faces with a lower detector score are dropped (the model's own cut is 0.5; 0.6
 *     removes the odd chair back or hand that a tile of a large photo scores just above 0.5)
 * @param maxAttempts DetectFace attempts per image for transient failures (1 = no retry)
 * @param firstRetryInterval wait before the first retry; doubles per attempt
 */
public record FaceOptions(
    boolean allowPrivateUrls,
    boolean allowFileUrls,
    long maxImageBytes,
    Duration connectTimeout,
    Duration fetchTimeout,
    int maxRedirects,
    int minTile,
    double minConfidence,
    int maxAttempts,
    Duration firstRetryInterval) {

  public static final long DEFAULT_MAX_IMAGE_BYTES = 20L * 1024 * 1024;

  public FaceOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(fetchTimeout, "fetchTimeout");
    Objects.requireNonNull(firstRetryInterval, "firstRetryInterval");
    if (maxImageBytes <= 0 || maxRedirects < 0 || maxAttempts < 1 || minTile < 1) {
      throw new IllegalArgumentException("invalid face options: " + maxImageBytes + " bytes, " + maxRedirects
          + " redirects, " + maxAttempts + " attempts, tile " + minTile);
    }
  }

  /** Safe defaults: public http(s) and data: URLs only, 20 MiB, 5 s connect, 30 s total, 3 attempts. */
  public static FaceOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A copy with {@code allowPrivateUrls} replaced. */
  public FaceOptions withAllowPrivateUrls(boolean value) {
    return toBuilder().allowPrivateUrls(value).build();
  }

  /** A copy with {@code allowFileUrls} replaced. */
  public FaceOptions withAllowFileUrls(boolean value) {
    return toBuilder().allowFileUrls(value).build();
  }

  public Builder toBuilder() {
    return new Builder()
        .allowPrivateUrls(allowPrivateUrls)
        .allowFileUrls(allowFileUrls)
        .maxImageBytes(maxImageBytes)
        .connectTimeout(connectTimeout)
        .fetchTimeout(fetchTimeout)
        .maxRedirects(maxRedirects)
        .minTile(minTile)
        .minConfidence(minConfidence)
        .maxAttempts(maxAttempts)
        .firstRetryInterval(firstRetryInterval);
  }

  /** Builder starting from the defaults. */
  public static final class Builder {
    private boolean allowPrivateUrls;
    private boolean allowFileUrls;
    private long maxImageBytes = DEFAULT_MAX_IMAGE_BYTES;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration fetchTimeout = Duration.ofSeconds(30);
    private int maxRedirects = 5;
    private int minTile = 768;
    private double minConfidence = 0.6;
    private int maxAttempts = 3;
    private Duration firstRetryInterval = Duration.ofSeconds(2);

    public Builder allowPrivateUrls(boolean v) {
      allowPrivateUrls = v;
      return this;
    }

    public Builder allowFileUrls(boolean v) {
      allowFileUrls = v;
      return this;
    }

    public Builder maxImageBytes(long v) {
      maxImageBytes = v;
      return this;
    }

    public Builder connectTimeout(Duration v) {
      connectTimeout = v;
      return this;
    }

    public Builder fetchTimeout(Duration v) {
      fetchTimeout = v;
      return this;
    }

    public Builder maxRedirects(int v) {
      maxRedirects = v;
      return this;
    }

    public Builder minTile(int v) {
      minTile = v;
      return this;
    }

    public Builder minConfidence(double v) {
      minConfidence = v;
      return this;
    }

    public Builder maxAttempts(int v) {
      maxAttempts = v;
      return this;
    }

    public Builder firstRetryInterval(Duration v) {
      firstRetryInterval = v;
      return this;
    }

    public FaceOptions build() {
      return new FaceOptions(allowPrivateUrls, allowFileUrls, maxImageBytes, connectTimeout, fetchTimeout,
          maxRedirects, minTile, minConfidence, maxAttempts, firstRetryInterval);
    }
  }
}
