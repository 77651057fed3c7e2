package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** {@link RgbImage#sampleRotated} and {@link ImagePyramid#sampleRotated}. */
class RotatedSampleTest {

  /** Red = x, green = y (0..255), blue = a checker of 8-px squares: orientation and detail both visible. */
  private static RgbImage gradient(int w, int h) {
    int[] px = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int checker = ((x / 8) + (y / 8)) % 2 == 0 ? 255 : 0;
        px[y * w + x] = ((x * 255 / (w - 1)) << 16) | ((y * 255 / (h - 1)) << 8) | checker;
      }
    }
    return new RgbImage(w, h, px);
  }

  @Test
  void sampleRotated_unrotated_equalsTheAxisAlignedSample() {
    RgbImage img = gradient(300, 200);
    // 96 px into 32: 3x3 sub-samples per output pixel in both methods.
    float[] aligned = img.sample(100, 50, 96, 96, 32, 32);
    float[] rotated = img.sampleRotated(148, 98, 96, 0, 32, 32, false);
    assertThat(rotated).containsExactly(aligned, offset(1e-3f));
  }

  @Test
  void sampleRotated_quarterTurn_swapsTheAxes() {
    RgbImage img = gradient(256, 256);
    // Angle +90 degrees: the grid's x axis points down the image, its y axis to the image's left.
    float[] out = img.sampleRotated(128, 128, 128, Math.PI / 2, 16, 16, false);
    for (int oy = 0; oy < 16; oy++) {
      for (int ox = 1; ox < 16; ox++) {
        int i = (oy * 16 + ox) * 3;
        int left = i - 3;
        assertThat(out[i + 1]).as("green (image y) grows along the grid's x").isGreaterThan(out[left + 1]);
        assertThat(out[i]).as("red (image x) is constant along the grid's x").isCloseTo(out[left], offset(0.5f));
      }
    }
    assertThat(out[3 * 15 * 16]).as("red falls along the grid's y").isLessThan(out[0] - 100);
  }

  @Test
  void sampleRotated_pastTheImage_readsBlackOrTheNearestEdge() {
    int[] px = new int[10 * 10];
    java.util.Arrays.fill(px, 0x808080);
    RgbImage img = new RgbImage(10, 10, px);
    // A 40-px grid centred on the image: its outer ring lies outside.
    float[] black = img.sampleRotated(5, 5, 40, 0.3, 16, 16, false);
    float[] edge = img.sampleRotated(5, 5, 40, 0.3, 16, 16, true);
    assertThat(black[0]).isEqualTo(0f);
    assertThat(edge[0]).isCloseTo(128f, offset(0.01f));
    assertThat(black[(7 * 16 + 7) * 3]).isCloseTo(128f, offset(0.01f));
  }

  @Test
  void pyramidSampleRotated_readsACoarserLevelWithTheSameResult() {
    // A large smooth image: the pyramid reads a 1/8 level for a 1024-px crop into 64 px, the base image
    // would need 16x16 samples (capped at 6x6); both are area averages of the same smooth region.
    int n = 2048;
    int[] px = new int[n * n];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        px[y * n + x] = ((x * 255 / (n - 1)) << 16) | ((y * 255 / (n - 1)) << 8);
      }
    }
    RgbImage img = new RgbImage(n, n, px);
    float[] viaPyramid = new ImagePyramid(img).sampleRotated(1000, 1100, 1024, 0.6, 64, 64, false);
    float[] direct = img.sampleRotated(1000, 1100, 1024, 0.6, 64, 64, false);
    assertThat(viaPyramid).containsExactly(direct, offset(1.5f));
  }
}
