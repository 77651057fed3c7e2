package io.duraflow.faces;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.util.Objects;

/**
 * Decoded pixels as packed 0xRRGGBB ints, row-major (the top byte is ignored); alpha is composited over
 * black.
 *
 * @param width image width in pixels
 * @param height image height in pixels
 * @param rgb {@code width * height} packed pixels
 */
public record RgbImage(int width, int height, int[] rgb) {

  public RgbImage {
    Objects.requireNonNull(rgb, "rgb");
    if (width <= 0 || height <= 0 || rgb.length != width * height) {
      throw new IllegalArgumentException("bad image size " + width + "x" + height + " for " + rgb.length + " pixels");
    }
  }

  /** The pixels of {@code image}, copied: later changes to {@code image} do not show. */
  public static RgbImage of(BufferedImage image) {
    RgbImage rgb = adopt(image);
    return packedRgb(image) ? new RgbImage(rgb.width, rgb.height, rgb.rgb.clone()) : rgb;
  }

  /**
   * The pixels of {@code image} without a copy when it is already packed RGB (the caller gives it up),
   * converted otherwise: one conversion, no second array, because a decoded photo's pixels are the largest
   * thing a DetectFace call allocates.
   */
  static RgbImage adopt(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage rgbImage = image;
    if (!packedRgb(image)) {
      // Drawing onto an opaque RGB canvas converts any colour model (indexed, gray, CMYK, alpha).
      rgbImage = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      var g = rgbImage.createGraphics();
      try {
        g.drawImage(image, 0, 0, null);
      } finally {
        g.dispose();
      }
    }
    int[] px = ((DataBufferInt) rgbImage.getRaster().getDataBuffer()).getData();
    return new RgbImage(w, h, px);
  }

  /** These pixels as a new INT_RGB image (copied). */
  public BufferedImage toBufferedImage() {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, width, height, rgb, 0, width);
    return out;
  }

  /** An INT_RGB image whose one int array holds exactly its pixels, row after row (not a sub-image). */
  private static boolean packedRgb(BufferedImage image) {
    if (image.getType() != BufferedImage.TYPE_INT_RGB) {
      return false;
    }
    WritableRaster raster = image.getRaster();
    return raster.getDataBuffer() instanceof DataBufferInt data && data.getNumBanks() == 1 && data.getOffset() == 0
        && data.getSize() == image.getWidth() * image.getHeight()
        && raster.getSampleModel() instanceof SinglePixelPackedSampleModel model
        && model.getScanlineStride() == image.getWidth()
        && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0;
  }

  /**
   * Samples the region ({@code x}, {@code y}, {@code w}, {@code h}) of this image into an {@code outW x
   * outH} grid, area-averaging when shrinking (so a 1920-px photo does not alias into noise at 256 px)
   * and bilinear when enlarging. Points outside the image read as black, which pads a region that
   * extends past the image.
   *
   * @return {@code outW * outH * 3} floats, RGB in 0..255, row-major
   */
  public float[] sample(double x, double y, double w, double h, int outW, int outH) {
    float[] out = new float[outW * outH * 3];
    double sx = w / outW;
    double sy = h / outH;
    // Sub-samples per output pixel and axis: enough to cover the footprint when shrinking.
    int kx = Math.max(1, Math.min(6, (int) Math.ceil(sx)));
    int ky = Math.max(1, Math.min(6, (int) Math.ceil(sy)));
    if (kx == 1 && ky == 1) {
      bilinear(x, y, sx, sy, outW, outH, out);
      return out;
    }
    float inv = 1f / (kx * ky);
    float[] acc = new float[3];
    int o = 0;
    for (int oy = 0; oy < outH; oy++) {
      for (int ox = 0; ox < outW; ox++) {
        acc[0] = 0;
        acc[1] = 0;
        acc[2] = 0;
        for (int j = 0; j < ky; j++) {
          double py = y + (oy + (j + 0.5) / ky) * sy - 0.5;
          for (int i = 0; i < kx; i++) {
            addBilinear(x + (ox + (i + 0.5) / kx) * sx - 0.5, py, acc);
          }
        }
        out[o++] = acc[0] * inv;
        out[o++] = acc[1] * inv;
        out[o++] = acc[2] * inv;
      }
    }
    return out;
  }

  /**
   * Samples a rotated square-pixel grid: output pixel (ox, oy) reads the point {@code (cx, cy) + (ox + 0.5 -
   * outW / 2) * step * u + (oy + 0.5 - outH / 2) * step * v}, where {@code u = (cos angle, sin angle)} is the
   * grid's x axis in image coordinates and {@code v = (-sin angle, cos angle)} its y axis, and {@code step}
   * is {@code side / outW}. Each output pixel averages k x k bilinear samples spread over its footprint
   * (k = ceil(step), at most 6), so shrinking is area-averaged as in {@link #sample}; rotation changes
   * nothing about that because the sub-samples follow the grid's axes.
   *
   * @param side the grid's width in image pixels (its height is {@code side * outH / outW})
   * @param angle the grid's rotation in radians, clockwise on screen (image y points down)
   * @param extendEdges read points outside the image from the nearest edge pixel instead of as black: a
   *     face crop that runs past the image then shows hair or background, not a black bar, which the
   *     emotion model (trained on crops with no such bars) reads as an expression
   * @return {@code outW * outH * 3} floats, RGB in 0..255, row-major
   */
  public float[] sampleRotated(double cx, double cy, double side, double angle, int outW, int outH,
      boolean extendEdges) {
    float[] out = new float[outW * outH * 3];
    double step = side / outW;
    double ux = Math.cos(angle) * step;
    double uy = Math.sin(angle) * step;
    double vx = -uy;
    double vy = ux;
    int k = Math.max(1, Math.min(6, (int) Math.ceil(step)));
    float inv = 1f / (k * k);
    float[] acc = new float[3];
    int o = 0;
    for (int oy = 0; oy < outH; oy++) {
      for (int ox = 0; ox < outW; ox++) {
        acc[0] = 0;
        acc[1] = 0;
        acc[2] = 0;
        for (int j = 0; j < k; j++) {
          double gy = oy + (j + 0.5) / k - outH / 2.0;
          for (int i = 0; i < k; i++) {
            double gx = ox + (i + 0.5) / k - outW / 2.0;
            // Pixel (x, y) covers [x, x + 1): its centre is at x + 0.5, hence the -0.5 to bilinear coordinates.
            double px = cx + gx * ux + gy * vx - 0.5;
            double py = cy + gx * uy + gy * vy - 0.5;
            if (extendEdges) {
              px = Math.max(0, Math.min(width - 1, px));
              py = Math.max(0, Math.min(height - 1, py));
            }
            addBilinear(px, py, acc);
          }
        }
        out[o++] = acc[0] * inv;
        out[o++] = acc[1] * inv;
        out[o++] = acc[2] * inv;
      }
    }
    return out;
  }

  /**
   * One bilinear sample per output pixel, the same values as {@link #addBilinear} gives, with the column
   * positions and weights computed once per column instead of once per pixel: the detector's scale levels
   * sample a megapixel per image this way, and the general loop took 40 ms of it.
   */
  private void bilinear(double x, double y, double sx, double sy, int outW, int outH, float[] out) {
    int[] xa = new int[outW];
    int[] xb = new int[outW];
    float[] fx = new float[outW];
    boolean[] outsideX = new boolean[outW];
    for (int ox = 0; ox < outW; ox++) {
      double px = x + (ox + 0.5) * sx - 0.5;
      outsideX[ox] = px < -0.5 || px > width - 0.5;
      int x0 = (int) Math.floor(px);
      fx[ox] = (float) (px - x0);
      xa[ox] = clamp(x0, width);
      xb[ox] = clamp(x0 + 1, width);
    }
    int o = 0;
    for (int oy = 0; oy < outH; oy++) {
      double py = y + (oy + 0.5) * sy - 0.5;
      if (py < -0.5 || py > height - 0.5) {
        o += outW * 3; // outside the image: black
        continue;
      }
      int y0 = (int) Math.floor(py);
      float fy = (float) (py - y0);
      int ya = clamp(y0, height) * width;
      int yb = clamp(y0 + 1, height) * width;
      for (int ox = 0; ox < outW; ox++, o += 3) {
        if (outsideX[ox]) {
          continue;
        }
        int c00 = rgb[ya + xa[ox]];
        int c10 = rgb[ya + xb[ox]];
        int c01 = rgb[yb + xa[ox]];
        int c11 = rgb[yb + xb[ox]];
        float f = fx[ox];
        float w00 = (1 - f) * (1 - fy);
        float w10 = f * (1 - fy);
        float w01 = (1 - f) * fy;
        float w11 = f * fy;
        out[o] = blend(c00, c10, c01, c11, w00, w10, w01, w11, 16);
        out[o + 1] = blend(c00, c10, c01, c11, w00, w10, w01, w11, 8);
        out[o + 2] = blend(c00, c10, c01, c11, w00, w10, w01, w11, 0);
      }
    }
  }

  /** Adds the bilinear sample at (px, py), in pixel-centre coordinates, to {@code acc} (R, G, B). */
  private void addBilinear(double px, double py, float[] acc) {
    if (px < -0.5 || py < -0.5 || px > width - 0.5 || py > height - 0.5) {
      return; // outside the image: black
    }
    int x0 = (int) Math.floor(px);
    int y0 = (int) Math.floor(py);
    float fx = (float) (px - x0);
    float fy = (float) (py - y0);
    int xa = clamp(x0, width);
    int xb = clamp(x0 + 1, width);
    int ya = clamp(y0, height) * width;
    int yb = clamp(y0 + 1, height) * width;
    int c00 = rgb[ya + xa];
    int c10 = rgb[ya + xb];
    int c01 = rgb[yb + xa];
    int c11 = rgb[yb + xb];
    float w00 = (1 - fx) * (1 - fy);
    float w10 = fx * (1 - fy);
    float w01 = (1 - fx) * fy;
    float w11 = fx * fy;
    for (int c = 0, shift = 16; c < 3; c++, shift -= 8) {
      acc[c] += blend(c00, c10, c01, c11, w00, w10, w01, w11, shift);
    }
  }

  /** One channel (at bit {@code shift}) of four packed pixels, weighted. */
  private static float blend(int c00, int c10, int c01, int c11, float w00, float w10, float w01, float w11,
      int shift) {
    return ((c00 >>> shift) & 0xFF) * w00 + ((c10 >>> shift) & 0xFF) * w10
        + ((c01 >>> shift) & 0xFF) * w01 + ((c11 >>> shift) & 0xFF) * w11;
  }

  private static int clamp(int v, int size) {
    return v < 0 ? 0 : v >= size ? size - 1 : v;
  }
}
