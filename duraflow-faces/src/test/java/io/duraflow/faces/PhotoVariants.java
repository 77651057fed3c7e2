package io.duraflow.faces;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;

/**
 * Degraded versions of a test photo, each with the map from a point of the original to the same point in
 * the variant, so that a face found in the original can be found again.
 */
final class PhotoVariants {
  private PhotoVariants() {}

  /** A variant image and where the original's points went. */
  record Variant(String name, RgbImage image, AffineTransform fromOriginal) {
    Point2D map(double x, double y) {
      return fromOriginal.transform(new Point2D.Double(x, y), null);
    }
  }

  static Variant original(RgbImage img) {
    return new Variant("original", img, new AffineTransform());
  }

  /** Every channel times {@code factor} (an under-exposed photo). */
  static Variant darkened(RgbImage img, double factor) {
    return new Variant("dark x" + factor, perChannel(img, v -> v * factor), new AffineTransform());
  }

  /** Every channel pulled toward mid-gray: {@code 128 + (v - 128) * contrast} (haze, a washed-out print). */
  static Variant lowContrast(RgbImage img, double contrast) {
    return new Variant("contrast x" + contrast, perChannel(img, v -> 128 + (v - 128) * contrast), new AffineTransform());
  }

  /**
   * The whole image rotated by {@code degrees} (positive: clockwise on screen) about its centre, bilinear,
   * on a canvas enlarged to hold all of it (corners mid-gray).
   */
  static Variant rotated(RgbImage img, double degrees) {
    double a = Math.toRadians(degrees);
    double cos = Math.abs(Math.cos(a));
    double sin = Math.abs(Math.sin(a));
    int w = (int) Math.ceil(img.width() * cos + img.height() * sin);
    int h = (int) Math.ceil(img.width() * sin + img.height() * cos);
    AffineTransform t = new AffineTransform();
    t.translate(w / 2.0, h / 2.0);
    t.rotate(a);
    t.translate(-img.width() / 2.0, -img.height() / 2.0);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(new Color(128, 128, 128));
    g.fillRect(0, 0, w, h);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(TestImages.toBuffered(img), t, null);
    g.dispose();
    return new Variant("rotated " + (int) degrees, RgbImage.of(out), t);
  }

  /** A square of side {@code side} around (cx, cy), clipped to the image: a photo cropped to one face. */
  static Variant cropped(RgbImage img, double cx, double cy, double side) {
    int x = (int) Math.max(0, Math.round(cx - side / 2));
    int y = (int) Math.max(0, Math.round(cy - side / 2));
    int w = (int) Math.min(img.width() - x, Math.round(side));
    int h = (int) Math.min(img.height() - y, Math.round(side));
    BufferedImage sub = TestImages.toBuffered(img).getSubimage(x, y, w, h);
    return new Variant("tight crop", RgbImage.of(sub), AffineTransform.getTranslateInstance(-x, -y));
  }

  private interface Curve {
    double apply(double v);
  }

  private static RgbImage perChannel(RgbImage img, Curve curve) {
    int[] lut = new int[256];
    for (int v = 0; v < 256; v++) {
      lut[v] = (int) Math.max(0, Math.min(255, Math.round(curve.apply(v))));
    }
    int[] src = img.rgb();
    int[] out = new int[src.length];
    for (int i = 0; i < src.length; i++) {
      int p = src[i];
      out[i] = (lut[(p >>> 16) & 0xFF] << 16) | (lut[(p >>> 8) & 0xFF] << 8) | lut[p & 0xFF];
    }
    return new RgbImage(img.width(), img.height(), out);
  }
}
