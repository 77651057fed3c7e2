package io.duraflow.faces;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Large and hostile images written byte by byte, row by row: a 36-MP PNG is built without ever holding
 * its 108 MB of pixels, as an attacker's tool would.
 */
final class LargeImages {
  private LargeImages() {}

  /** Gives the RGB bytes of row {@code y}. */
  interface Rows {
    void row(int y, byte[] rgb);
  }

  /** An 8-bit RGB PNG of one colour: 6000x6000 is about 105 KB on the wire and 36 MP decoded. */
  static byte[] flatPng(int width, int height, int rgb) {
    return png(width, height, (y, row) -> {
      for (int x = 0; x < width; x++) {
        row[3 * x] = (byte) (rgb >> 16);
        row[3 * x + 1] = (byte) (rgb >> 8);
        row[3 * x + 2] = (byte) rgb;
      }
    });
  }

  /**
   * {@code photo} enlarged {@code scale} times (nearest neighbour) at the top left of a gray canvas: a large
   * image with real faces whose positions are the photo's times {@code scale}.
   */
  static byte[] photoPng(BufferedImage photo, int scale, int width, int height) {
    int[] line = new int[photo.getWidth()];
    return png(width, height, (y, row) -> {
      java.util.Arrays.fill(row, (byte) 128);
      int py = y / scale;
      if (py < photo.getHeight()) {
        photo.getRGB(0, py, photo.getWidth(), 1, line, 0, photo.getWidth());
        for (int x = 0; x < width && x / scale < line.length; x++) {
          int c = line[x / scale];
          row[3 * x] = (byte) (c >> 16);
          row[3 * x + 1] = (byte) (c >> 8);
          row[3 * x + 2] = (byte) c;
        }
      }
    });
  }

  /** A PNG whose header declares {@code width x height} and whose data stops after a few empty rows. */
  static byte[] truncatedPng(int width, int height) {
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
      z.write(new byte[Math.min(1 << 20, 3 * width + 1)]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pngOf(width, height, 2, idat.toByteArray(), null);
  }

  /** A 16x16 palette PNG with a zTXt chunk that inflates to {@code textMiB} MiB (palette PNGs make ImageIO read it). */
  static byte[] zTxtBombPng(int textMiB) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    text.writeBytes("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1));
    try (DeflaterOutputStream z = new DeflaterOutputStream(text, new Deflater(9))) {
      byte[] mib = new byte[1 << 20];
      for (int i = 0; i < textMiB; i++) {
        z.write(mib);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
      z.write(new byte[16 * 17]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pngOf(16, 16, 3, idat.toByteArray(), text.toByteArray());
  }

  static byte[] png(int width, int height, Rows rows) {
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    byte[] row = new byte[3 * width];
    try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(6), 1 << 16)) {
      for (int y = 0; y < height; y++) {
        rows.row(y, row);
        z.write(0); // filter: none
        z.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pngOf(width, height, 2, idat.toByteArray(), null);
  }

  private static byte[] pngOf(int width, int height, int colorType, byte[] idat, byte[] zTxt) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
      DataOutputStream h = new DataOutputStream(ihdr);
      h.writeInt(width);
      h.writeInt(height);
      h.write(new byte[] {8, (byte) colorType, 0, 0, 0});
      chunk(out, "IHDR", ihdr.toByteArray());
      if (colorType == 3) {
        chunk(out, "PLTE", new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
      }
      if (zTxt != null) {
        chunk(out, "zTXt", zTxt);
      }
      chunk(out, "IDAT", idat);
      chunk(out, "IEND", new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
    byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeInt(data.length);
    out.write(t);
    out.write(data);
    out.writeInt((int) crc.getValue());
  }

  /**
   * A baseline RGB TIFF written by hand (ImageIO's writers cannot set the Orientation tag without a
   * metadata tree): one strip, uncompressed or Deflate, {@code orientation} 0 for none.
   */
  static byte[] tiff(int width, int height, Rows rows, boolean deflate, int orientation, boolean littleEndian) {
    ByteArrayOutputStream strip = new ByteArrayOutputStream();
    byte[] row = new byte[3 * width];
    try (OutputStream z = deflate ? new DeflaterOutputStream(strip, new Deflater(6), 1 << 16) : strip) {
      for (int y = 0; y < height; y++) {
        rows.row(y, row);
        z.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int entries = orientation == 0 ? 10 : 11;
    int bitsAt = 8 + 2 + entries * 12 + 4;
    int dataAt = bitsAt + 6;
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(dataAt + strip.size())
        .order(littleEndian ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
    b.put((byte) (littleEndian ? 'I' : 'M')).put((byte) (littleEndian ? 'I' : 'M')).putShort((short) 42).putInt(8);
    b.putShort((short) entries);
    tiffEntry(b, 256, 4, 1, width); // ImageWidth, LONG
    tiffEntry(b, 257, 4, 1, height); // ImageLength
    tiffEntry(b, 258, 3, 3, bitsAt); // BitsPerSample: 3 SHORTs stored after the IFD
    tiffEntry(b, 259, 3, 1, deflate ? 8 : 1); // Compression: Deflate or none
    tiffEntry(b, 262, 3, 1, 2); // PhotometricInterpretation: RGB
    tiffEntry(b, 273, 4, 1, dataAt); // StripOffsets
    if (orientation != 0) {
      tiffEntry(b, 274, 3, 1, orientation); // Orientation
    }
    tiffEntry(b, 277, 3, 1, 3); // SamplesPerPixel
    tiffEntry(b, 278, 4, 1, height); // RowsPerStrip
    tiffEntry(b, 279, 4, 1, strip.size()); // StripByteCounts
    tiffEntry(b, 284, 3, 1, 1); // PlanarConfiguration: chunky
    b.putInt(0); // no next IFD
    b.putShort((short) 8).putShort((short) 8).putShort((short) 8);
    b.put(strip.toByteArray());
    return b.array();
  }

  /** One IFD entry; a SHORT value is left-justified in the 4-byte field, as TIFF 6.0 says. */
  private static void tiffEntry(java.nio.ByteBuffer b, int tag, int type, int count, int value) {
    b.putShort((short) tag).putShort((short) type).putInt(count);
    if (type == 3 && count == 1) {
      b.putShort((short) value).putShort((short) 0);
    } else {
      b.putInt(value);
    }
  }

  /** The RGB rows of {@code img}. */
  static Rows rowsOf(BufferedImage img) {
    return (y, row) -> {
      for (int x = 0; x < img.getWidth(); x++) {
        int c = img.getRGB(x, y);
        row[3 * x] = (byte) (c >> 16);
        row[3 * x + 1] = (byte) (c >> 8);
        row[3 * x + 2] = (byte) c;
      }
    };
  }

  /** A baseline JPEG header (SOI, SOF0) declaring {@code width x height}, then end of image: no pixel data. */
  static byte[] jpegHeader(int width, int height) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
    b.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC0, 0, 11, 8, (byte) (height >> 8), (byte) height,
        (byte) (width >> 8), (byte) width, 1, 1, 0x11, 0});
    b.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
    return b.toByteArray();
  }

  /** A GIF whose screen and first frame declare {@code width x height}, with an almost empty frame. */
  static byte[] gifHeader(int width, int height) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("GIF89a".getBytes(StandardCharsets.ISO_8859_1));
    le16(b, width);
    le16(b, height);
    b.writeBytes(new byte[] {(byte) 0x80, 0, 0, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255}); // 2-colour table
    b.write(0x2C);
    le16(b, 0);
    le16(b, 0);
    le16(b, width);
    le16(b, height);
    b.write(0);
    b.writeBytes(new byte[] {2, 2, 0x4C, 0x01, 0}); // LZW min code size 2, one tiny block
    b.write(0x3B);
    return b.toByteArray();
  }

  private static void le16(OutputStream out, int v) {
    try {
      out.write(v & 0xFF);
      out.write((v >> 8) & 0xFF);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
