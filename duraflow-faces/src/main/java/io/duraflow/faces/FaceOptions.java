package io.duraflow.faces;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the face workflow.
 *
 * @param allowPrivateUrls fetch from loopback and private (RFC 1918, ULA, CGNAT) addresses; link-local and
 *     cloud-metadata addresses stay refused regardless
 * @param allowFileUrls accept {@code file:} URLs (local files of the worker)
 * @param maxImageBytes the largest image body accepted (64 MiB by default: camera JPEGs of 48 MP and more
 *     often exceed the 20 MiB this once was, and the body is counted while it streams, so a larger cap costs
 *     nothing until a server actually sends that much)
 * @param connectTimeout TCP connect timeout per hop
 * @param fetchTimeout total time for fetching one image, redirects included
 * @param maxRedirects redirects followed per image
 * @param minFaceSize the smallest face to find, in image pixels (the face box's larger side; default 36):
 *     the detector's finest pyramid level is scaled to bring such a face to the model's ~20 px, so the
 *     model time of a large image grows with the square of 1 / minFaceSize (see {@link BlazeFaceDetector})
 * @param minConfidence faces with a lower detector score are dropped (the model's own cut is 0.5; 0.55,
 *     chosen on the labelled evaluation set, keeps small real faces that 0.6 lost; the key-point check and
 *     the full-range second opinion then remove what is not a face: docs/faces.md, "False faces")
 * @param maxAttempts DetectFace attempts per image for transient failures (1 = no retry)
 * @param firstRetryInterval wait before the first retry; doubles per attempt
 * @param maxDecodedPixels images with more pixels are decoded subsampled (every 2nd, 3rd, ... pixel of
 *     each row and column, the smallest step that fits) rather than at full resolution: faces are then
 *     looked for from {@code minFaceSize} pixels of the decoded image, and the detector's finest level is
 *     capped at 6 MP anyway, while a 48-MP photo at full resolution cost 400 MB of heap
 * @param maxImagePixels images declaring more pixels are refused as {@code not_an_image} without
 *     decoding (decompression bombs: a 100000x100000 PNG of zeros is 30 KB on the wire)
 * @param decodeBudgetBytes heap that decoded images in flight may use together ({@link DecodeBudget});
 *     0 (the default) shares one process-wide budget of half the maximum heap
 * @param decodeWait how long a decode waits for budget before it fails with the transient
 *     {@code unavailable}, which the orchestration retries
 */
public record FaceOptions(
    boolean allowPrivateUrls,
    boolean allowFileUrls,
    long maxImageBytes,
    Duration connectTimeout,
    Duration fetchTimeout,
    int maxRedirects,
    int minFaceSize,
    double minConfidence,
    int maxAttempts,
    Duration firstRetryInterval,
    long maxDecodedPixels,
    long maxImagePixels,
    long decodeBudgetBytes,
    Duration decodeWait) {

  /** Faces of 36 px and up are looked for: a face in a group photo of 40 people at 1920 px is about 60 px. */
  public static final int DEFAULT_MIN_FACE_SIZE = 36;
  /** Detector score below which a box is dropped (chosen on the evaluation set: docs/faces.md). */
  public static final double DEFAULT_MIN_CONFIDENCE = 0.55;
  /** 64 MiB: the largest camera JPEGs (100-200 MP, fine quality) and 16-bit TIFFs of 12 MP fit. */
  public static final long DEFAULT_MAX_IMAGE_BYTES = 64L * 1024 * 1024;
  public static final long DEFAULT_MAX_DECODED_PIXELS = 16_000_000L;
  /** 250 MP: above the largest photos cameras take (a 200-MP phone photo is 16320x12240). */
  public static final long DEFAULT_MAX_IMAGE_PIXELS = 250_000_000L;

  public FaceOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(fetchTimeout, "fetchTimeout");
    Objects.requireNonNull(firstRetryInterval, "firstRetryInterval");
    Objects.requireNonNull(decodeWait, "decodeWait");
    if (maxImageBytes <= 0 || maxImageBytes > Integer.MAX_VALUE - 8 || maxRedirects < 0 || maxAttempts < 1
        || minFaceSize < 1) {
      throw new IllegalArgumentException("invalid face options: " + maxImageBytes + " bytes, " + maxRedirects
          + " redirects, " + maxAttempts + " attempts, minimum face size " + minFaceSize);
    }
    if (maxDecodedPixels < 1 || maxImagePixels < 1 || decodeBudgetBytes < 0 || decodeWait.isNegative()) {
      throw new IllegalArgumentException("invalid face options: decode at most " + maxDecodedPixels
          + " pixels, refuse above " + maxImagePixels + " pixels, budget " + decodeBudgetBytes + " bytes, wait "
          + decodeWait);
    }
  }

  /**
   * Safe defaults: public http(s) and data: URLs only, 64 MiB, 5 s connect, 30 s total, 3 attempts; images
   * over 16 MP decoded subsampled, over 250 MP refused; half the heap for decoding, 2 min wait for it.
   */
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
        .minFaceSize(minFaceSize)
        .minConfidence(minConfidence)
        .maxAttempts(maxAttempts)
        .firstRetryInterval(firstRetryInterval)
        .maxDecodedPixels(maxDecodedPixels)
        .maxImagePixels(maxImagePixels)
        .decodeBudgetBytes(decodeBudgetBytes)
        .decodeWait(decodeWait);
  }

  /** Builder starting from the defaults. */
  public static final class Builder {
    private boolean allowPrivateUrls;
    private boolean allowFileUrls;
    private long maxImageBytes = DEFAULT_MAX_IMAGE_BYTES;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration fetchTimeout = Duration.ofSeconds(30);
    private int maxRedirects = 5;
    private int minFaceSize = DEFAULT_MIN_FACE_SIZE;
    private double minConfidence = DEFAULT_MIN_CONFIDENCE;
    private int maxAttempts = 3;
    private Duration firstRetryInterval = Duration.ofSeconds(2);
    private long maxDecodedPixels = DEFAULT_MAX_DECODED_PIXELS;
    private long maxImagePixels = DEFAULT_MAX_IMAGE_PIXELS;
    private long decodeBudgetBytes;
    private Duration decodeWait = Duration.ofMinutes(2);

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

    public Builder minFaceSize(int v) {
      minFaceSize = v;
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

    public Builder maxDecodedPixels(long v) {
      maxDecodedPixels = v;
      return this;
    }

    public Builder maxImagePixels(long v) {
      maxImagePixels = v;
      return this;
    }

    /** 0 = the process-wide budget of half the maximum heap. */
    public Builder decodeBudgetBytes(long v) {
      decodeBudgetBytes = v;
      return this;
    }

    public Builder decodeWait(Duration v) {
      decodeWait = v;
      return this;
    }

    public FaceOptions build() {
      return new FaceOptions(allowPrivateUrls, allowFileUrls, maxImageBytes, connectTimeout, fetchTimeout,
          maxRedirects, minFaceSize, minConfidence, maxAttempts, firstRetryInterval, maxDecodedPixels, maxImagePixels,
          decodeBudgetBytes, decodeWait);
    }
  }
}
