package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GrayContrastTest {
  private static final GrayContrast CONTRAST = GrayContrast.defaults();

  /** 64x64 gray levels spread evenly (with noise) over [lo, hi]. */
  private static float[] crop(double lo, double hi) {
    Random r = new Random(3);
    float[] g = new float[64 * 64];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
    return g;
  }

  private static double span(float[] g) {
    double[] p = GrayContrast.percentiles(g);
    return p[1] - p[0];
  }

  @Test
  void apply_wellExposedCrop_isLeftAsItIs() {
    float[] g = crop(40, 220);
    float[] before = g.clone();
    assertThat(CONTRAST.apply(g)).containsExactly(before);
  }

  @Test
  void apply_darkNarrowCrop_isStretchedToTheTargetSpanAroundMidGray() {
    float[] g = CONTRAST.apply(crop(10, 70)); // a face at 35 % exposure
    assertThat(span(g)).isCloseTo(GrayContrast.TARGET_SPAN, org.assertj.core.data.Offset.offset(8.0));
    double[] p = GrayContrast.percentiles(g);
    assertThat((p[0] + p[1]) / 2).isCloseTo(127.5, org.assertj.core.data.Offset.offset(6.0));
  }

  @Test
  void apply_spanBetweenThresholds_isStretchedPartly() {
    double full = GrayContrast.FULL_SPAN;
    double narrow = GrayContrast.NARROW_SPAN;
    double justBelow = span(CONTRAST.apply(crop(50, 50 + full - 4)));
    double middle = span(CONTRAST.apply(crop(50, 50 + (full + narrow) / 2)));
    double atNarrow = span(CONTRAST.apply(crop(50, 50 + narrow)));
    // No jump at either threshold: just below FULL_SPAN almost nothing changes, at NARROW_SPAN the target is reached.
    assertThat(justBelow).isBetween(full - 6, full + 6);
    assertThat(middle).isBetween((full + narrow) / 2 + 5, GrayContrast.TARGET_SPAN - 5);
    assertThat(atNarrow).isCloseTo(GrayContrast.TARGET_SPAN, org.assertj.core.data.Offset.offset(6.0));
  }

  @Test
  void apply_nearlyFlatCrop_gainIsCapped() {
    float[] g = CONTRAST.apply(crop(100, 110));
    assertThat(span(g)).isLessThanOrEqualTo(10 * GrayContrast.MAX_GAIN + 2);
  }

  @Test
  void apply_keepsTheOrderOfGrayLevels() {
    float[] g = crop(20, 60);
    float[] out = CONTRAST.apply(g.clone());
    for (int i = 1; i < g.length; i++) {
      if (g[i] > g[i - 1]) {
        assertThat(out[i]).isGreaterThanOrEqualTo(out[i - 1]);
      }
    }
  }
}
