package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-sample-per-pixel path of {@link RgbImage#sample} against bilinear interpolation written out here. */
class BilinearSampleTest {
  @Test
  void enlargingOrMildShrinking_isPlainBilinear_andBlackOutsideTheImage() {
    Random random = new Random(7);
    int w = 37;
    int h = 23;
    int[] px = new int[w * h];
    for (int i = 0; i < px.length; i++) {
      px[i] = random.nextInt(0x1000000);
    }
    RgbImage image = new RgbImage(w, h, px);
    // A region sticking out left and below, sampled 0.8 source pixels per output pixel.
    double x = -3.3;
    double y = 4.7;
    int outW = 50;
    int outH = 30;
    double step = 0.8;
    float[] out = image.sample(x, y, outW * step, outH * step, outW, outH);
    for (int oy = 0; oy < outH; oy++) {
      for (int ox = 0; ox < outW; ox++) {
        double px0 = x + (ox + 0.5) * step - 0.5;
        double py0 = y + (oy + 0.5) * step - 0.5;
        for (int c = 0; c < 3; c++) {
          assertThat((double) out[(oy * outW + ox) * 3 + c]).as("pixel %d,%d channel %d", ox, oy, c)
              .isCloseTo(expected(px, w, h, px0, py0, 16 - 8 * c), org.assertj.core.data.Offset.offset(1e-3));
        }
      }
    }
  }

  private static double expected(int[] px, int w, int h, double x, double y, int shift) {
    if (x < -0.5 || y < -0.5 || x > w - 0.5 || y > h - 0.5) {
      return 0;
    }
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    return channel(px, w, h, x0, y0, shift) * (1 - fx) * (1 - fy) + channel(px, w, h, x0 + 1, y0, shift) * fx * (1 - fy)
        + channel(px, w, h, x0, y0 + 1, shift) * (1 - fx) * fy + channel(px, w, h, x0 + 1, y0 + 1, shift) * fx * fy;
  }

  /** Edge pixels repeat just outside the image (within half a pixel). */
  private static int channel(int[] px, int w, int h, int x, int y, int shift) {
    int cx = Math.max(0, Math.min(w - 1, x));
    int cy = Math.max(0, Math.min(h - 1, y));
    return (px[cy * w + cx] >>> shift) & 0xFF;
  }
}
