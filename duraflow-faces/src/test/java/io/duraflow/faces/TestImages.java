package io.duraflow.faces;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Test photos (face-api demo samples, fetched at build time) and synthetic images. */
final class TestImages {
  private TestImages() {}

  static byte[] photo(String name) {
    try (InputStream in = TestImages.class.getClassLoader().getResourceAsStream("photos/" + name)) {
      if (in == null) {
        throw new IllegalStateException("photos/" + name + " missing: the build fetches it (scripts/fetch-npm.sh)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A faceless "landscape": sky gradient, hills, and some texture. */
  static BufferedImage landscape() {
    BufferedImage img = new BufferedImage(1200, 800, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(90, 140, 220), 0, 450, new Color(210, 225, 245)));
    g.fillRect(0, 0, 1200, 800);
    g.setColor(new Color(60, 120, 50));
    g.fillOval(-300, 380, 1100, 700);
    g.setColor(new Color(80, 140, 60));
    g.fillOval(400, 420, 1200, 700);
    Random r = new Random(7);
    for (int i = 0; i < 400; i++) {
      g.setColor(new Color(40 + r.nextInt(60), 90 + r.nextInt(80), 30 + r.nextInt(40)));
      g.fillRect(r.nextInt(1200), 500 + r.nextInt(300), 3 + r.nextInt(8), 3 + r.nextInt(8));
    }
    g.dispose();
    return img;
  }

  static byte[] encode(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BufferedImage src = img;
      if (format.equals("gif") || format.equals("bmp")) {
        src = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        src.getGraphics().drawImage(img, 0, 0, null);
      }
      if (!ImageIO.write(src, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code img} as a JPEG of {@code quality} (0 to 1), baseline or progressive. */
  static byte[] jpeg(BufferedImage img, float quality, boolean progressive) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      if (progressive) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      writer.setOutput(ios);
      writer.write(null, new IIOImage(img, null, null), param);
      ios.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  static BufferedImage toBuffered(RgbImage img) {
    BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
    bi.setRGB(0, 0, img.width(), img.height(), img.rgb(), 0, img.width());
    return bi;
  }

  /** {@code jpeg} with an EXIF APP1 segment carrying {@code orientation}, inserted right after SOI. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {
      'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD at 8
      0, 1, // one entry
      0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, count 1
      0, 0, 0, 0 // no next IFD
    };
    byte[] app1Body = new byte[6 + tiff.length];
    System.arraycopy(new byte[] {'E', 'x', 'i', 'f', 0, 0}, 0, app1Body, 0, 6);
    System.arraycopy(tiff, 0, app1Body, 6, tiff.length);
    int len = app1Body.length + 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(0xFF);
    out.write(0xE1);
    out.write(len >> 8);
    out.write(len & 0xFF);
    out.write(app1Body, 0, app1Body.length);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }
}
