package io.duraflow.faces;

import java.util.ArrayList;
import java.util.List;

/**
 * An image with its 2x2 box-filtered halvings, built lazily, so that shrinking a region by any factor
 * costs at most 2x2 bilinear samples per output pixel: the region is read from the level whose remaining
 * scale factor is below 2. Shrinking a 1920-px photo to 256 px straight from full resolution would need
 * about 36 samples per pixel for the same quality.
 *
 * <p>Not thread-safe: one per analysis.
 */
final class ImagePyramid {
  private final List<RgbImage> levels = new ArrayList<>();

  ImagePyramid(RgbImage image) {
    levels.add(image);
  }

  RgbImage base() {
    return levels.get(0);
  }

  /**
   * Like {@link RgbImage#sample} on the base image, but read from a coarser level where possible.
   *
   * @param coarse read from the first level that is no larger than the output (one bilinear sample per
   *     pixel, slightly soft: fine for the detector, four times cheaper); otherwise from the last level that
   *     is at least as large (2x2 samples per pixel, sharp)
   */
  float[] sample(double x, double y, double w, double h, int outW, int outH, boolean coarse) {
    double scale = Math.min(w / outW, h / outH);
    double limit = coarse ? 1.0 : 2.0;
    int level = 0;
    while (scale >= limit && level(level + 1) != null) {
      scale /= 2;
      level++;
    }
    double f = (double) base().width() / level(level).width();
    return level(level).sample(x / f, y / f, w / f, h / f, outW, outH);
  }

  /**
   * Like {@link RgbImage#sampleRotated} on the base image, read from the last level that is at least as
   * fine as the output grid (a remaining step below 2 base pixels per output pixel: at most 2x2 samples per
   * pixel, sharp), with coordinates and {@code side} in base-image pixels.
   */
  float[] sampleRotated(double cx, double cy, double side, double angle, int outW, int outH, boolean extendEdges) {
    double step = side / outW;
    int level = 0;
    while (step >= 2.0 && level(level + 1) != null) {
      step /= 2;
      level++;
    }
    // Level pixel x covers base pixels [2^level x, 2^level (x + 1)): coordinates scale by exactly 2^level.
    double f = Math.scalb(1.0, level);
    return level(level).sampleRotated(cx / f, cy / f, side / f, angle, outW, outH, extendEdges);
  }

  private RgbImage level(int i) {
    while (levels.size() <= i) {
      RgbImage prev = levels.get(levels.size() - 1);
      if (prev.width() < 2 || prev.height() < 2) {
        return null;
      }
      levels.add(half(prev));
    }
    return levels.get(i);
  }

  /** The 2x2 box-filtered half of {@code src} (an odd last row or column is dropped). */
  static RgbImage half(RgbImage src) {
    int w = src.width() / 2;
    int h = src.height() / 2;
    int sw = src.width();
    int[] s = src.rgb();
    int[] out = new int[w * h];
    for (int y = 0; y < h; y++) {
      int r0 = 2 * y * sw;
      int r1 = r0 + sw;
      for (int x = 0; x < w; x++) {
        int a = s[r0 + 2 * x];
        int b = s[r0 + 2 * x + 1];
        int c = s[r1 + 2 * x];
        int d = s[r1 + 2 * x + 1];
        // Sum the channels in parallel lanes: 0x00RR00BB and 0x0000GG00 leave room for carries of 4 values.
        int rb = (a & 0xFF00FF) + (b & 0xFF00FF) + (c & 0xFF00FF) + (d & 0xFF00FF) + 0x020002;
        int g = (a & 0xFF00) + (b & 0xFF00) + (c & 0xFF00) + (d & 0xFF00) + 0x0200;
        out[y * w + x] = ((rb >>> 2) & 0xFF00FF) | ((g >>> 2) & 0xFF00);
      }
    }
    return new RgbImage(w, h, out);
  }
}
