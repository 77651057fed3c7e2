package io.duraflow.faces;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image bytes into upright RGB pixels: sniffs the format from the bytes, reads the first frame
 * with ImageIO (TwelveMonkeys plugins add CMYK/YCCK JPEG and WebP), and applies the EXIF orientation of
 * JPEGs so faces are upright for the detector.
 *
 * <p>Stateless and thread-safe.
 */
public final class ImageDecoder {
  /** Refuse images whose decoded pixels would not fit comfortably in memory: 40 megapixels, 160 MB as ints. */
  static final long MAX_PIXELS = 40_000_000L;

  static {
    ImageIO.setUseCache(false);
    ImageIO.scanForPlugins();
  }

  private ImageDecoder() {}

  /**
   * Decodes {@code bytes}.
   *
   * @throws FaceImageException.NotAnImage when the bytes are not a supported, readable image
   */
  public static RgbImage decode(byte[] bytes, String source) {
    ImageFormat format = ImageFormat.sniff(bytes);
    if (format == null) {
      throw new FaceImageException.NotAnImage(source, "content is not a JPEG, PNG, GIF, BMP or WebP image ("
          + bytes.length + " bytes starting " + hexPrefix(bytes) + ")");
    }
    BufferedImage image;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.name().toLowerCase());
      if (!readers.hasNext()) {
        throw new FaceImageException.NotAnImage(source, "no reader for " + format);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_PIXELS) {
          throw new FaceImageException.NotAnImage(source, format + " image too large: "
              + reader.getWidth(0) + "x" + reader.getHeight(0));
        }
        image = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof FaceImageException fe) {
        throw fe;
      }
      throw new FaceImageException.NotAnImage(source, "cannot decode " + format + ": " + e.getMessage());
    }
    int orientation = format == ImageFormat.JPEG ? ExifOrientation.of(bytes) : 1;
    return RgbImage.of(orient(image, orientation));
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
