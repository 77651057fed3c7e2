package io.duraflow.faces;

import static io.duraflow.faces.ImageFormat.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Recognises images and documents DetectFace cannot read (HEIC, AVIF, JPEG XL, SVG, ...) so the refusal
 * can name what was sent: "content is not a JPEG, ..." for an iPhone photo leaves its owner guessing.
 */
final class UnsupportedFormat {
  private static final int SVG_SCAN = 4096;

  private UnsupportedFormat() {}

  /** What {@code bytes} are, as a plural for messages ("HEIC images"), or null when not recognised. */
  static String of(byte[] bytes) {
    if (startsWith(bytes, 0, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ', 0x0D, 0x0A, 0x87, 0x0A)
        || startsWith(bytes, 0, 0xFF, 0x0A)) {
      return "JPEG XL images"; // ISO BMFF container, or a bare codestream
    }
    if (startsWith(bytes, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A)
        || startsWith(bytes, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
      return "JPEG 2000 images";
    }
    if (startsWith(bytes, 4, 'f', 't', 'y', 'p')) {
      return isoMediaKind(bytes);
    }
    // BigTIFF is for files over 4 GiB, far above any image body accepted; the TIFF reader failed on the
    // small ones ImageMagick writes ("insufficient data offsets"), so it is refused rather than half-read.
    if (startsWith(bytes, 0, 'I', 'I', 43, 0) || startsWith(bytes, 0, 'M', 'M', 0, 43)) {
      return "BigTIFF images";
    }
    if (startsWith(bytes, 0, '%', 'P', 'D', 'F', '-')) {
      return "PDF documents";
    }
    if (startsWith(bytes, 0, '8', 'B', 'P', 'S')) {
      return "Photoshop (PSD) files";
    }
    // ICONDIR: reserved 0, type 1 (icon) or 2 (cursor), at least one entry whose reserved byte is 0.
    if ((startsWith(bytes, 0, 0, 0, 1, 0) || startsWith(bytes, 0, 0, 0, 2, 0)) && bytes.length >= 22
        && (bytes[4] != 0 || bytes[5] != 0) && bytes[9] == 0) {
      return bytes[2] == 1 ? "ICO icons" : "CUR cursors";
    }
    return isSvg(bytes) ? "SVG drawings" : null;
  }

  /** HEIF-family and JPEG XL files are ISO BMFF: the ftyp box's brands say which codec is inside. */
  private static String isoMediaKind(byte[] b) {
    // The box's own size bounds the brand list (at least the major brand is read, however it lies).
    int end = (int) Math.min(Math.min(b.length, 1024), Math.max(12, u32(b, 0)));
    boolean heif = false;
    boolean heic = false;
    // Major brand at 8, minor version at 12, compatible brands from 16: all brands count.
    for (int at = 8; at + 4 <= end; at += at == 8 ? 8 : 4) {
      String brand = new String(b, at, 4, StandardCharsets.ISO_8859_1);
      switch (brand) {
        case "avif", "avis" -> {
          return "AVIF images"; // AVIF files also list mif1; their own brand wins
        }
        case "jxl " -> {
          return "JPEG XL images";
        }
        case "heic", "heix", "hevc", "heim", "heis", "hevm", "hevs", "hevx" -> heic = true;
        case "mif1", "msf1", "mif2" -> heif = true;
        default -> { }
      }
    }
    if (heic) {
      return "HEIC images";
    }
    return heif ? "HEIF images" : null;
  }

  /** An SVG file: {@code <svg} first, or after an XML declaration, comments or a doctype. */
  private static boolean isSvg(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, SVG_SCAN), StandardCharsets.ISO_8859_1)
        .replace("\u00EF\u00BB\u00BF", "") // UTF-8 byte order mark
        .stripLeading()
        .toLowerCase(Locale.ROOT);
    if (head.startsWith("<svg")) {
      return true;
    }
    if (!head.startsWith("<?xml") && !head.startsWith("<!--") && !head.startsWith("<!doctype svg")) {
      return false;
    }
    int svg = head.indexOf("<svg");
    int html = head.indexOf("<html");
    // An XHTML page may carry inline SVG further down; it is a page, not a drawing.
    return svg >= 0 && (html < 0 || svg < html);
  }

  private static long u32(byte[] b, int i) {
    return (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFFL) << 16 | (b[i + 2] & 0xFFL) << 8 | (b[i + 3] & 0xFFL);
  }
}
