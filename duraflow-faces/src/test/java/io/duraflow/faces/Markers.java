package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * The 48x32 marker image (gray, a red 16x16 block at the top left, a green one at the top right) and the
 * containers that carry an EXIF orientation in each format, built byte by byte as the specifications say.
 */
final class Markers {
  static final int WIDTH = 48;
  static final int HEIGHT = 32;
  static final int RED = 0xFF0000;
  static final int GREEN = 0x00FF00;
  static final int GRAY = 0x808080;

  /**
   * Where the stored top-left (red) and top-right (green) blocks appear once orientation {@code o} is
   * applied, from the EXIF definition of each value (where the stored row 0 and column 0 are shown):
   * corners as {TL, TR, BR, BL} = {0, 1, 2, 3}.
   */
  private static final int[][] CORNERS = {
    null,
    {0, 1}, // 1: row 0 at the top, column 0 at the left
    {1, 0}, // 2: row 0 top, column 0 right (mirrored)
    {2, 3}, // 3: row 0 bottom, column 0 right (rotated 180)
    {3, 2}, // 4: row 0 bottom, column 0 left (flipped)
    {0, 3}, // 5: row 0 left, column 0 top (transposed)
    {1, 2}, // 6: row 0 right, column 0 top (rotate 90 clockwise to view)
    {2, 1}, // 7: row 0 right, column 0 bottom (transversed)
    {3, 0}, // 8: row 0 left, column 0 bottom (rotate 90 counter-clockwise to view)
  };

  private Markers() {}

  static BufferedImage image() {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(GRAY));
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(new Color(RED));
    g.fillRect(0, 0, 16, 16);
    g.setColor(new Color(GREEN));
    g.fillRect(32, 0, 16, 16);
    g.dispose();
    return img;
  }

  /** A file under src/test/resources/images (see the README there for how it was made). */
  static byte[] fixture(String name) {
    try (InputStream in = Markers.class.getClassLoader().getResourceAsStream("images/" + name)) {
      if (in == null) {
        throw new IllegalStateException("images/" + name + " missing from the test resources");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Asserts that {@code img} is the marker image shown upright for orientation {@code o}: the size is
   * swapped for 5 to 8, red and green sit in the corners the EXIF definition names, the other two are gray.
   * {@code tolerance} per channel allows for lossy codecs.
   */
  static void assertUpright(RgbImage img, int o, int tolerance) {
    boolean swap = o >= 5;
    assertThat(img.width()).as("width for orientation %d", o).isEqualTo(swap ? HEIGHT : WIDTH);
    assertThat(img.height()).as("height for orientation %d", o).isEqualTo(swap ? WIDTH : HEIGHT);
    for (int corner = 0; corner < 4; corner++) {
      int expected = corner == CORNERS[o][0] ? RED : corner == CORNERS[o][1] ? GREEN : GRAY;
      // The centre of the 16x16 block in that corner, 8 px in from both edges.
      int x = corner == 0 || corner == 3 ? 8 : img.width() - 9;
      int y = corner <= 1 ? 8 : img.height() - 9;
      int actual = img.rgb()[y * img.width() + x] & 0xFFFFFF;
      assertThat(close(actual, expected, tolerance))
          .as("orientation %d, corner %s: expected %06x, got %06x", o, new String[] {"TL", "TR", "BR", "BL"}[corner],
              expected, actual)
          .isTrue();
    }
  }

  private static boolean close(int a, int b, int tolerance) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs((a >> shift & 0xFF) - (b >> shift & 0xFF)) > tolerance) {
        return false;
      }
    }
    return true;
  }

  /** A TIFF structure (as in every EXIF block) whose first IFD holds only Orientation = {@code o}. */
  static byte[] exifTiff(int o, boolean littleEndian) {
    byte[] big = {
      'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD at 8
      0, 1, // one entry
      0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) o, 0, 0, // Orientation, SHORT, count 1, value left-justified
      0, 0, 0, 0 // no next IFD
    };
    if (!littleEndian) {
      return big;
    }
    return new byte[] {
      'I', 'I', 42, 0, 8, 0, 0, 0,
      1, 0,
      0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) o, 0, 0, 0,
      0, 0, 0, 0
    };
  }

  /** {@code png} with a {@code type} chunk of {@code data} (its CRC computed), inserted right after IHDR. */
  static byte[] pngWithChunk(byte[] png, String type, byte[] data) {
    int afterIhdr = 8 + 8 + 13 + 4;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, afterIhdr);
    writeChunk(out, type, data);
    out.write(png, afterIhdr, png.length - afterIhdr);
    return out.toByteArray();
  }

  /** A PNG text chunk ({@code tEXt} or {@code zTXt}) with ImageMagick's hex "Raw profile type exif". */
  static byte[] rawProfileChunk(byte[] exif, boolean compressed) {
    StringBuilder text = new StringBuilder("\nexif\n").append(String.format(Locale.ROOT, "%8d", exif.length));
    for (int i = 0; i < exif.length; i++) {
      text.append(i % 36 == 0 ? "\n" : "").append(String.format(Locale.ROOT, "%02x", exif[i] & 0xFF));
    }
    text.append('\n');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("Raw profile type exif\0".getBytes(StandardCharsets.ISO_8859_1));
    byte[] body = text.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (!compressed) {
      out.writeBytes(body);
      return out.toByteArray();
    }
    out.write(0); // compression method: deflate
    try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
      z.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    be32(out, data.length);
    out.writeBytes(t);
    out.writeBytes(data);
    be32(out, (int) crc.getValue());
  }

  /**
   * The extended (VP8X) WebP of a simple-format {@code webp} of {@code width x height}: its image chunk,
   * then an EXIF chunk of {@code exif}, with the VP8X flag that announces EXIF.
   */
  static byte[] webpWithExif(byte[] webp, int width, int height, byte[] exif) {
    byte[] image = Arrays.copyOfRange(webp, 12, webp.length); // the VP8/VP8L chunk after "RIFF....WEBP"
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("WEBP".getBytes(StandardCharsets.ISO_8859_1));
    body.writeBytes("VP8X".getBytes(StandardCharsets.ISO_8859_1));
    le32(body, 10);
    body.writeBytes(new byte[] {0x08, 0, 0, 0}); // flags: EXIF present; reserved
    le24(body, width - 1);
    le24(body, height - 1);
    body.writeBytes(image);
    body.writeBytes("EXIF".getBytes(StandardCharsets.ISO_8859_1));
    le32(body, exif.length);
    body.writeBytes(exif);
    if ((exif.length & 1) == 1) {
      body.write(0); // chunks are padded to an even size
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("RIFF".getBytes(StandardCharsets.ISO_8859_1));
    le32(out, body.size());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static void be32(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  private static void le32(ByteArrayOutputStream out, int v) {
    le24(out, v);
    out.write(v >>> 24);
  }

  private static void le24(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
  }
}
