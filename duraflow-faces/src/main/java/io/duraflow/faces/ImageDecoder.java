package io.duraflow.faces;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image bytes into upright RGB pixels: sniffs the format from the bytes, reads the first frame
 * with ImageIO (TwelveMonkeys plugins add CMYK/YCCK JPEG, WebP and TIFF), and applies the EXIF orientation
 * ({@link ExifOrientation}: JPEG, PNG, WebP, TIFF) so faces are upright for the detector. Formats it
 * cannot read but recognises (HEIC, AVIF, SVG, ...) are refused by name ({@link UnsupportedFormat}).
 *
 * <p>Memory: the header is read first (size and pixel layout, nothing decoded). An image over {@link
 * FaceOptions#maxImagePixels()} is refused; one over {@link FaceOptions#maxDecodedPixels()} (or over what
 * the whole {@link DecodeBudget} holds) is decoded with source subsampling, so its raster never exists at
 * full size. Before the reader allocates, the decode reserves its estimated peak from the budget and waits
 * for it; the reservation shrinks to the analysis's share once decoding is done and ends when the caller
 * closes the {@link DecodedImage}.
 *
 * <p>Running out of memory is never a verdict on the image: {@code PNGImageReader} wraps an {@link
 * OutOfMemoryError} in an {@code IIOException}, which used to come back as a permanent {@code
 * not_an_image} for a valid image under load. Both forms become the transient {@link
 * FaceImageException.Unavailable}, which the orchestration retries.
 *
 * <p>Thread-safe.
 */
public final class ImageDecoder {
  /** Bytes per decoded pixel held during the analysis besides its scale level: packed ints (4) and the pyramid's halvings (1.33). */
  static final long HELD_BYTES_PER_PIXEL = 6;
  /** Bytes per pixel of the detector's finest level: its RGB floats and the model input made from them. */
  static final long LEVEL_BYTES_PER_PIXEL = 24;
  /** Bytes per pixel of the reader's raster when its layout is unknown (16-bit RGBA: the worst case). */
  private static final int UNKNOWN_RASTER_BYTES_PER_PIXEL = 8;

  /**
   * Heap per decoded pixel while the image is analysed: the packed pixels and pyramid, and the detector's
   * finest scale level (scaled by {@code minInputFace / minFaceSize}, so 0.44 of the pixels at the
   * default 36 px: 17 bytes in all).
   */
  static long analysisBytesPerPixel(FaceOptions options) {
    double scale = Math.min(1.0, ScalePlan.DEFAULT.minInputFace() / options.minFaceSize());
    return HELD_BYTES_PER_PIXEL + (long) Math.ceil(LEVEL_BYTES_PER_PIXEL * scale * scale);
  }

  private static final String CORRUPT = "the data is corrupt or truncated";
  private static final String TRUNCATED = "the data ends too early (a truncated file?)";
  /** A qualified Java type name, with the ": " that follows it in a Throwable's toString. */
  private static final Pattern JAVA_TYPE = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?::\\s*)?");

  private static final ImageDecoder DEFAULT = new ImageDecoder(FaceOptions.defaults());

  static {
    ImageIO.setUseCache(false);
    ImageIO.scanForPlugins();
  }

  private final FaceOptions options;
  private final DecodeBudget budget;

  /** A decoder with the limits of {@code options} and the budget they name ({@link DecodeBudget#shared()} by default). */
  public ImageDecoder(FaceOptions options) {
    this(options, DecodeBudget.of(options));
  }

  public ImageDecoder(FaceOptions options, DecodeBudget budget) {
    this.options = Objects.requireNonNull(options, "options");
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  /**
   * Decodes {@code bytes} with the default limits and gives the budget back at once: for tools and tests
   * that keep the pixels. The image is subsampled when the source is over 16 MP.
   *
   * @throws FaceImageException.NotAnImage when the bytes are not a supported, readable image
   * @throws FaceImageException.Unavailable when memory ran out or the budget stayed taken (transient)
   */
  public static RgbImage decode(byte[] bytes, String source) {
    try (DecodedImage decoded = DEFAULT.read(bytes, source)) {
      return decoded.image();
    }
  }

  /**
   * Decodes {@code bytes}; the caller closes the result when done with its pixels.
   *
   * @throws FaceImageException.NotAnImage when the bytes are not a supported, readable image, or declare
   *     more than {@link FaceOptions#maxImagePixels()} pixels
   * @throws FaceImageException.Unavailable when memory ran out or the budget stayed taken (transient)
   */
  public DecodedImage read(byte[] bytes, String source) {
    ImageFormat format = ImageFormat.sniff(bytes);
    if (format == null) {
      throw notAnImage(bytes, source);
    }
    String size = "";
    // Reads the caller's array in place: ImageIO's own stream over a ByteArrayInputStream keeps a second
    // copy of everything it has read (up to maxImageBytes) until the decode ends.
    try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName());
      if (!readers.hasNext()) {
        throw new FaceImageException.NotAnImage(source, "no reader for " + format.label() + " images is installed");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        size = width + "x" + height + " ";
        return read(reader, format, width, height, bytes, source);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof FaceImageException fe) {
        throw fe;
      }
      if (ranOutOfMemory(e)) {
        throw outOfMemory(source, size + format.label());
      }
      throw new FaceImageException.NotAnImage(source, "cannot decode " + format.label() + " image: " + reason(e));
    } catch (OutOfMemoryError e) {
      throw outOfMemory(source, size + format.label());
    }
  }

  /** The refusal for bytes of no supported format, naming the format when it is a known one. */
  private static FaceImageException.NotAnImage notAnImage(byte[] bytes, String source) {
    String known = UnsupportedFormat.of(bytes);
    if (known != null) {
      return new FaceImageException.NotAnImage(source, known + " are not supported (supported: "
          + ImageFormat.supportedList() + ")");
    }
    return new FaceImageException.NotAnImage(source, "content is not a " + ImageFormat.supportedList()
        .replaceFirst(", (\\w+)$", " or $1") + " image (" + bytes.length + " bytes starting " + hexPrefix(bytes) + ")");
  }

  private DecodedImage read(ImageReader reader, ImageFormat format, int width, int height, byte[] bytes,
      String source) throws IOException {
    long pixels = (long) width * height;
    if (pixels > options.maxImagePixels()) {
      throw new FaceImageException.NotAnImage(source, format.label() + " image too large: " + width + "x" + height + " is "
          + megapixels(pixels) + ", over the limit of " + megapixels(options.maxImagePixels()));
    }
    // Peak while decoding: the reader's raster, then the packed-int copy made from it.
    long peakPerPixel = Math.max(rasterBytesPerPixel(reader) + 4L, analysisBytesPerPixel(options));
    // TwelveMonkeys' lossless WebP decoder fails on subsampled reads (ArrayIndexOutOfBounds in 3.12.0).
    boolean canSubsample = format != ImageFormat.WEBP || !isLosslessWebp(bytes);
    long target = Math.max(1, Math.min(options.maxDecodedPixels(), budget.capacityBytes() / peakPerPixel));
    int step = canSubsample ? subsampling(width, height, target) : 1;
    long decodedPixels = (long) ceilDiv(width, step) * ceilDiv(height, step);
    int orientation = ExifOrientation.of(format, bytes);

    // The encoded bytes are held (by the caller) for as long as the decode runs: count them too.
    DecodeBudget.Lease lease = budget.reserve(decodedPixels * peakPerPixel + bytes.length, options.decodeWait(), source);
    try {
      ImageReadParam param = reader.getDefaultReadParam();
      if (step > 1) {
        param.setSourceSubsampling(step, step, 0, 0);
      }
      RgbImage image = RgbImage.adopt(orient(reader.read(0, param), orientation));
      lease.shrinkTo(decodedPixels * analysisBytesPerPixel(options));
      boolean swap = orientation >= 5 && orientation <= 8;
      return new DecodedImage(image, swap ? height : width, swap ? width : height, lease);
    } catch (IOException | RuntimeException | Error e) {
      lease.close();
      throw e;
    }
  }

  /** The smallest subsampling step that brings a {@code width x height} image to at most {@code target} pixels. */
  static int subsampling(int width, int height, long target) {
    int step = (int) Math.max(1, Math.floor(Math.sqrt((double) width * height / target)));
    while ((long) ceilDiv(width, step) * ceilDiv(height, step) > target && step < Math.max(width, height)) {
      step++;
    }
    return step;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** Bytes per pixel of the raster {@code reader} produces, from its raw layout; 8 when it does not say. */
  private static int rasterBytesPerPixel(ImageReader reader) throws IOException {
    ImageTypeSpecifier raw = reader.getRawImageType(0);
    if (raw == null) {
      return UNKNOWN_RASTER_BYTES_PER_PIXEL;
    }
    int bits = 0;
    for (int b : raw.getSampleModel().getSampleSize()) {
      bits += b;
    }
    return Math.max(1, (bits + 7) / 8);
  }

  /** True for a WebP whose image data is VP8L (lossless), or an animation, whose frames may be. */
  static boolean isLosslessWebp(byte[] b) {
    long pos = 12;
    while (pos + 8 <= b.length) {
      int at = (int) pos;
      String fourcc = new String(b, at, 4, StandardCharsets.ISO_8859_1);
      if (fourcc.equals("VP8L") || fourcc.equals("ANMF") || fourcc.equals("ANIM")) {
        return true;
      }
      if (fourcc.equals("VP8 ")) {
        return false;
      }
      long size = (b[at + 4] & 0xFFL) | (b[at + 5] & 0xFFL) << 8 | (b[at + 6] & 0xFFL) << 16 | (b[at + 7] & 0xFFL) << 24;
      pos += 8 + size + (size & 1);
    }
    return true; // no image chunk found: assume the worst
  }

  /**
   * The most telling message of {@code e}, in words: PNGImageReader wraps the real one in "Caught exception
   * during read", and a reader that trips over corrupt data throws index or null-pointer errors whose
   * messages ("Index 5 out of bounds for length 5") say nothing to the person who sent the image.
   */
  static String reason(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof EOFException) {
        return TRUNCATED; // under "I/O error reading image metadata!" or "Error reading PNG metadata"
      }
    }
    String message = e.getMessage();
    Throwable cause = e.getCause();
    boolean empty = message == null || message.isBlank() || message.startsWith("Caught exception during read");
    if (empty && cause != null && cause != e) {
      return reason(cause);
    }
    if (!(e instanceof IOException) || message == null) {
      return CORRUPT;
    }
    // A wrapped cause's toString ("java.util.zip.ZipException: invalid distance") keeps only its words.
    String words = JAVA_TYPE.matcher(message).replaceAll("").strip();
    return words.isEmpty() ? CORRUPT : words;
  }

  /** True when {@code t} or one of its causes is an OutOfMemoryError (ImageIO readers wrap them). */
  static boolean ranOutOfMemory(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  /** The transient failure for an image that could not be given memory now. */
  static FaceImageException.Unavailable outOfMemory(String source, String what) {
    return new FaceImageException.Unavailable(source, "not enough memory to decode the " + what.strip()
        + " image now (the server is busy); it will be tried again", null);
  }

  private static String megapixels(long pixels) {
    return String.format(Locale.ROOT, "%.1f megapixels", pixels / 1e6);
  }

  /** Applies EXIF orientation 1..8 (the rotation/flip that displays the image upright). */
  static BufferedImage orient(BufferedImage src, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return src;
    }
    int w = src.getWidth();
    int h = src.getHeight();
    boolean swap = orientation >= 5;
    AffineTransform t = new AffineTransform();
    switch (orientation) {
      case 2 -> t.setTransform(-1, 0, 0, 1, w, 0); // mirror horizontally
      case 3 -> t.setTransform(-1, 0, 0, -1, w, h); // rotate 180
      case 4 -> t.setTransform(1, 0, 0, -1, 0, h); // mirror vertically
      case 5 -> t.setTransform(0, 1, 1, 0, 0, 0); // transpose
      case 6 -> t.setTransform(0, 1, -1, 0, h, 0); // rotate 90 clockwise
      case 7 -> t.setTransform(0, -1, -1, 0, h, w); // transverse
      case 8 -> t.setTransform(0, -1, 1, 0, 0, w); // rotate 90 counter-clockwise
      default -> { }
    }
    BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(src, t, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static String hexPrefix(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      sb.append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xFF));
    }
    return sb.length() == 0 ? "(empty)" : sb.toString();
  }
}
