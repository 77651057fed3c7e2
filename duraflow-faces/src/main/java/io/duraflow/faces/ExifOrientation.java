package io.duraflow.faces;

/** Reads the EXIF orientation tag (0x0112) from a JPEG's APP1 segment; 1 (upright) when absent. */
final class ExifOrientation {
  private ExifOrientation() {}

  static int of(byte[] jpeg) {
    try {
      int pos = 2;
      while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF) {
        int marker = jpeg[pos + 1] & 0xFF;
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
          pos += 2;
          continue;
        }
        if (marker == 0xDA || marker == 0xD9) {
          return 1; // start of scan: no EXIF before the image data
        }
        int length = u16(jpeg, pos + 2, false);
        int start = pos + 4;
        if (marker == 0xE1 && length > 8 && start + 6 <= jpeg.length
            && jpeg[start] == 'E' && jpeg[start + 1] == 'x' && jpeg[start + 2] == 'i' && jpeg[start + 3] == 'f') {
          return fromTiff(jpeg, start + 6, Math.min(jpeg.length, pos + 2 + length));
        }
        pos += 2 + length;
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      // A truncated or malformed EXIF block: treat the image as upright rather than failing it.
    }
    return 1;
  }

  private static int fromTiff(byte[] b, int tiff, int end) {
    boolean little = b[tiff] == 'I';
    int ifd = tiff + (int) u32(b, tiff + 4, little);
    int entries = u16(b, ifd, little);
    for (int i = 0; i < entries; i++) {
      int entry = ifd + 2 + i * 12;
      if (entry + 12 > end) {
        break;
      }
      if (u16(b, entry, little) == 0x0112) {
        int value = u16(b, entry + 8, little);
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }

  private static int u16(byte[] b, int i, boolean little) {
    int a = b[i] & 0xFF;
    int c = b[i + 1] & 0xFF;
    return little ? a | (c << 8) : (a << 8) | c;
  }

  private static long u32(byte[] b, int i, boolean little) {
    long hi = u16(b, little ? i + 2 : i, little);
    long lo = u16(b, little ? i : i + 2, little);
    return (hi << 16) | lo;
  }
}
