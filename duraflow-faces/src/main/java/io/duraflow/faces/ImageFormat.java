package io.duraflow.faces;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Image formats DetectFace reads, recognised from their first bytes (never from headers or names). */
public enum ImageFormat {
  JPEG("JPEG", "jpeg"),
  PNG("PNG", "png"),
  GIF("GIF", "gif"),
  BMP("BMP", "bmp"),
  WEBP("WebP", "webp"),
  TIFF("TIFF", "tiff");

  private final String label;
  private final String readerName;

  ImageFormat(String label, String readerName) {
    this.label = label;
    this.readerName = readerName;
  }

  /** The name people use for the format ("WebP"), for messages. */
  public String label() {
    return label;
  }

  /** The ImageIO format name of its reader. */
  String readerName() {
    return readerName;
  }

  /** "JPEG, PNG, GIF, BMP, WebP, TIFF": the supported formats, for messages. */
  public static String supportedList() {
    return Arrays.stream(values()).map(ImageFormat::label).collect(Collectors.joining(", "));
  }

  /** The format whose signature starts {@code bytes}, or null when none matches. */
  public static ImageFormat sniff(byte[] bytes) {
    if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return PNG;
    }
    if (startsWith(bytes, 0, 'G', 'I', 'F', '8')) {
      return GIF;
    }
    if (startsWith(bytes, 0, 'B', 'M') && bytes.length > 14) {
      return BMP;
    }
    if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
      return WEBP;
    }
    // Classic TIFF, little- or big-endian (BigTIFF, 43, is refused: see UnsupportedFormat).
    if (startsWith(bytes, 0, 'I', 'I', 42, 0) || startsWith(bytes, 0, 'M', 'M', 0, 42)) {
      return TIFF;
    }
    return null;
  }

  static boolean startsWith(byte[] bytes, int offset, int... signature) {
    if (bytes.length < offset + signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((bytes[offset + i] & 0xFF) != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
