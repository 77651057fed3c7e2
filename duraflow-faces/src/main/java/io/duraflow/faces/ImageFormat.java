package io.duraflow.faces;

/** Image formats DetectFace reads, recognised from their first bytes (never from headers or names). */
public enum ImageFormat {
  JPEG,
  PNG,
  GIF,
  BMP,
  WEBP;

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
    return null;
  }

  private static boolean startsWith(byte[] bytes, int offset, int... signature) {
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
