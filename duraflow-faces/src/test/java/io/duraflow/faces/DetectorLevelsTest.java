package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scale pyramid's promise, checked over image sizes and face sizes without running the model. */
class DetectorLevelsTest {
  private static final int MIN_FACE = 36;

  @Test
  void everyFaceFromTheMinimumUp_reachesSomeLevelWithinTheModelsRange() {
    for (int width = 200; width <= 8000; width += 37) {
      int height = width * 2 / 3;
      List<Double> levels = BlazeFaceDetector.levels(width, height, MIN_FACE);
      double whole = (double) BlazeFaceDetector.INPUT / Math.max(width, height);
      int largest = Math.min(width, height);
      for (int face = MIN_FACE; face <= largest; face += Math.max(1, face / 20)) {
        boolean seen = whole * face >= BlazeFaceDetector.MIN_INPUT_FACE;
        for (double s : levels) {
          double input = s * face;
          seen |= input >= BlazeFaceDetector.MIN_INPUT_FACE && input <= BlazeFaceDetector.MAX_LEVEL_FACE;
        }
        if (levelPixels(levels, width, height) < BlazeFaceDetector.MAX_LEVEL_PIXELS * 0.999) {
          assertThat(seen).as("a %d-px face in a %dx%d image", face, width, height).isTrue();
        }
      }
    }
  }

  @Test
  void theFinestLevel_doesNotJumpWithTheImageSize() {
    // The 1279 -> 1280 px step of the old tile rule doubled the work and changed the result; now the finest
    // level depends on the minimum face size only, for every image that needs one.
    double expected = BlazeFaceDetector.MIN_INPUT_FACE / MIN_FACE;
    for (int width = 1000; width <= 4000; width++) {
      List<Double> levels = BlazeFaceDetector.levels(width, width * 3 / 4, MIN_FACE);
      assertThat(levels).as("levels of a %d-px image", width).isNotEmpty();
      assertThat(levels.get(0)).isEqualTo(expected);
    }
  }

  @Test
  void smallImages_needOnlyTheWholeImagePass() {
    // 256 / 400 = 0.64 is already above 20 / 36: the whole-image pass brings a 36-px face to 23 px.
    assertThat(BlazeFaceDetector.levels(400, 300, MIN_FACE)).isEmpty();
    assertThat(BlazeFaceDetector.levels(640, 480, MIN_FACE)).isNotEmpty();
  }

  @Test
  void hugeImages_areCappedInPixelsPerLevel() {
    List<Double> levels = BlazeFaceDetector.levels(16000, 12000, MIN_FACE);
    assertThat(levelPixels(levels, 16000, 12000)).isLessThanOrEqualTo(BlazeFaceDetector.MAX_LEVEL_PIXELS * 1.000001);
  }

  private static double levelPixels(List<Double> levels, int width, int height) {
    return levels.isEmpty() ? 0 : levels.get(0) * levels.get(0) * width * height;
  }
}
