package io.duraflow.faces;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the EXIF orientation tag (0x0112, values 1 to 8) from wherever a format keeps its EXIF block; 1
 * (upright) when there is none. Every EXIF block is the same TIFF structure, so only the container differs:
 *
 * <ul>
 *   <li>JPEG: the APP1 segment starting "Exif\0\0";
 *   <li>PNG: the {@code eXIf} chunk, or else the hex "Raw profile type exif" text that ImageMagick and
 *       exiftool wrote before {@code eXIf} existed ({@code tEXt}, {@code zTXt} or {@code iTXt});
 *   <li>WebP: the {@code EXIF} chunk of the extended (VP8X) format;
 *   <li>TIFF: the file itself, whose first IFD holds the tag.
 * </ul>
 *
 * Only the first IFD is read (where the tag lives). A malformed or truncated block counts as upright: a
 * broken tag is no reason to refuse a readable image.
 */
final class ExifOrientation {
  private static final int TAG_ORIENTATION = 0x0112;
  /** Text inflated from a zTXt/iTXt raw profile: IFD0 sits near the start, so a prefix suffices. */
  private static final int MAX_PROFILE_TEXT = 256 * 1024;

  private ExifOrientation() {}

  /** The orientation of an image of any format, sniffed from its bytes. */
  static int of(byte[] bytes) {
    ImageFormat format = ImageFormat.sniff(bytes);
    return format == null ? 1 : of(format, bytes);
  }

  static int of(ImageFormat format, byte[] bytes) {
    try {
      return switch (format) {
        case JPEG -> ofJpeg(bytes);
        case PNG -> ofPng(bytes);
        case WEBP -> ofWebp(bytes);
        case TIFF -> ofTiff(bytes, 0, bytes.length);
        case GIF, BMP -> 1;
      };
    } catch (IndexOutOfBoundsException e) {
      return 1; // an offset or length pointing outside the data
    }
  }

  private static int ofJpeg(byte[] jpeg) {
    int pos = 2;
    while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF) {
      int marker = jpeg[pos + 1] & 0xFF;
      if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 || marker == 0xFF) {
        pos += marker == 0xFF ? 1 : 2; // fill bytes and markers without a length
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return 1; // start of scan: no EXIF before the image data
      }
      int length = u16(jpeg, pos + 2, false);
      int start = pos + 4;
      int end = Math.min(jpeg.length, pos + 2 + length);
      if (marker == 0xE1 && isExifHeader(jpeg, start, end)) {
        return ofTiff(jpeg, start + 6, end);
      }
      pos += 2 + length;
    }
    return 1;
  }

  private static int ofPng(byte[] png) {
    int rawProfile = 0;
    long pos = 8;
    while (pos + 12 <= png.length) {
      int at = (int) pos;
      long length = u32(png, at, false);
      String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
      int data = at + 8;
      int end = (int) Math.min(png.length, data + length);
      if (type.equals("eXIf")) {
        return ofExifBlock(png, data, end); // the standard chunk wins over any legacy text
      }
      if (rawProfile == 0 && (type.equals("tEXt") || type.equals("zTXt") || type.equals("iTXt"))) {
        rawProfile = ofRawProfile(type, png, data, end);
      }
      if (type.equals("IEND")) {
        break;
      }
      pos = data + length + 4;
    }
    return rawProfile == 0 ? 1 : rawProfile;
  }

  /** The orientation in a "Raw profile type exif" text chunk, 0 when the chunk is some other text. */
  private static int ofRawProfile(String type, byte[] b, int data, int end) {
    int nul = indexOf(b, (byte) 0, data, end);
    if (nul < 0) {
      return 0;
    }
    String keyword = new String(b, data, nul - data, StandardCharsets.ISO_8859_1);
    if (!keyword.equals("Raw profile type exif") && !keyword.equals("Raw profile type APP1")) {
      return 0;
    }
    byte[] text;
    if (type.equals("tEXt")) {
      text = Arrays.copyOfRange(b, nul + 1, Math.min(end, nul + 1 + MAX_PROFILE_TEXT));
    } else {
      int at = nul + 1;
      boolean compressed = type.equals("zTXt");
      if (type.equals("iTXt")) {
        compressed = b[at] == 1;
        at = indexOf(b, (byte) 0, at + 2, end) + 1; // language tag
        at = at == 0 ? -1 : indexOf(b, (byte) 0, at, end) + 1; // translated keyword
        if (at <= 0) {
          return 0;
        }
      } else {
        at++; // compression method
      }
      text = compressed ? inflatePrefix(b, at, end) : Arrays.copyOfRange(b, at, Math.min(end, at + MAX_PROFILE_TEXT));
    }
    byte[] exif = rawProfileBytes(new String(text, StandardCharsets.ISO_8859_1));
    return exif == null ? 0 : ofExifBlock(exif, 0, exif.length);
  }

  /**
   * The bytes of an ImageMagick raw profile: a newline, the profile name, its length in decimal, then the
   * bytes in hex over many lines.
   */
  static byte[] rawProfileBytes(String text) {
    String[] head = text.stripLeading().split("\\s+", 3);
    if (head.length < 3) {
      return null;
    }
    int length;
    try {
      length = Integer.parseInt(head[1]);
    } catch (NumberFormatException e) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String hex = head[2];
    int high = -1;
    for (int i = 0; i < hex.length() && out.size() < length; i++) {
      int digit = Character.digit(hex.charAt(i), 16);
      if (digit < 0) {
        continue; // line breaks
      }
      if (high < 0) {
        high = digit;
      } else {
        out.write(high << 4 | digit);
        high = -1;
      }
    }
    return out.toByteArray();
  }

  /** Inflates at most {@link #MAX_PROFILE_TEXT} bytes: a zTXt chunk can be a bomb of hundreds of MiB. */
  private static byte[] inflatePrefix(byte[] b, int from, int end) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(b, from, end - from);
      byte[] out = new byte[MAX_PROFILE_TEXT];
      int n = 0;
      while (n < out.length && !inflater.finished() && !inflater.needsInput()) {
        int got = inflater.inflate(out, n, out.length - n);
        if (got == 0 && inflater.needsDictionary()) {
          break;
        }
        n += got;
      }
      return Arrays.copyOf(out, n);
    } catch (DataFormatException e) {
      return new byte[0];
    } finally {
      inflater.end();
    }
  }

  private static int ofWebp(byte[] b) {
    long pos = 12;
    while (pos + 8 <= b.length) {
      int at = (int) pos;
      long size = u32(b, at + 4, true);
      if (new String(b, at, 4, StandardCharsets.ISO_8859_1).equals("EXIF")) {
        return ofExifBlock(b, at + 8, (int) Math.min(b.length, at + 8 + size));
      }
      pos += 8 + size + (size & 1);
    }
    return 1;
  }

  /** An EXIF block: TIFF data, though some writers keep JPEG's "Exif\0\0" prefix in PNG and WebP too. */
  private static int ofExifBlock(byte[] b, int start, int end) {
    return ofTiff(b, isExifHeader(b, start, end) ? start + 6 : start, end);
  }

  private static boolean isExifHeader(byte[] b, int start, int end) {
    return start + 6 <= end && b[start] == 'E' && b[start + 1] == 'x' && b[start + 2] == 'i' && b[start + 3] == 'f'
        && b[start + 4] == 0 && b[start + 5] == 0;
  }

  /** The orientation in the first IFD of the TIFF structure at {@code tiff}. */
  static int ofTiff(byte[] b, int tiff, int end) {
    if (tiff + 8 > end || b[tiff] != b[tiff + 1] || (b[tiff] != 'I' && b[tiff] != 'M')) {
      return 1;
    }
    boolean little = b[tiff] == 'I';
    long offset = u32(b, tiff + 4, little);
    if (u16(b, tiff + 2, little) != 42 || offset < 8 || offset > end - tiff - 2) {
      return 1;
    }
    int ifd = (int) (tiff + offset);
    int entries = u16(b, ifd, little);
    for (int i = 0; i < entries; i++) {
      int entry = ifd + 2 + i * 12;
      if (entry + 12 > end) {
        break;
      }
      if (u16(b, entry, little) == TAG_ORIENTATION) {
        // A SHORT, whose value sits left-justified in the entry's 4-byte value field.
        int value = u16(b, entry + 8, little);
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }

  private static int indexOf(byte[] b, byte value, int from, int end) {
    for (int i = from; i < end; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
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
