package io.duraflow.faces;

/**
 * Why DetectFace could not analyse an image. The subclass tells the orchestration's retry policy what to
 * do: {@link Unavailable} is transient (timeouts, connection failures, HTTP 5xx/429, no memory free to
 * decode the image now) and worth retrying;
 * every other subclass is permanent (a refused URL, HTTP 404, content that is not an image) and retrying
 * cannot help.
 */
public abstract class FaceImageException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String source;

  FaceImageException(String source, String message, Throwable cause) {
    super(message + " [" + source + "]", cause);
    this.source = source;
  }

  /** The URL (or its redacted form) the image came from. */
  public String source() {
    return source;
  }

  /** True when a later attempt may succeed. */
  public abstract boolean isTransient();

  /** The URL is not allowed: scheme, private/link-local address, or file: without permission. Permanent. */
  public static final class Refused extends FaceImageException {
    private static final long serialVersionUID = 1L;

    public Refused(String source, String message) {
      super(source, message, null);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }

  /** The server answered but not with an image: HTTP 4xx, a redirect loop, too large a body. Permanent. */
  public static final class FetchFailed extends FaceImageException {
    private static final long serialVersionUID = 1L;

    public FetchFailed(String source, String message) {
      super(source, message, null);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }

  /**
   * The bytes are not a readable JPEG, PNG, GIF, BMP, WebP or TIFF image (the message names a recognised
   * other format, such as HEIC), or declare more pixels than allowed. Permanent.
   */
  public static final class NotAnImage extends FaceImageException {
    private static final long serialVersionUID = 1L;

    public NotAnImage(String source, String message) {
      super(source, message, null);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }

  /**
   * The image could not be fetched or decoded now: timeout, connection failure, HTTP 5xx or 429, memory
   * ran out while decoding, or the decode budget stayed taken. Transient.
   */
  public static final class Unavailable extends FaceImageException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String source, String message, Throwable cause) {
      super(source, message, cause);
    }

    @Override
    public boolean isTransient() {
      return true;
    }
  }
}
