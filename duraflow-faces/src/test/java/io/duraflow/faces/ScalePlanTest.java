package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scale pyramid's promise, checked over image sizes and face sizes without running the model. */
class ScalePlanTest {
  private static final int MIN_FACE = 36;
  private static final ScalePlan PLAN = ScalePlan.DEFAULT;

  @Test
  void everyFaceFromTheMinimumUp_reachesSomeLevelWithinTheModelsRange() {
    for (int width = 200; width <= 8000; width += 37) {
      int height = width * 2 / 3;
      List<Double> levels = PLAN.levels(width, height, MIN_FACE);
      double whole = (double) BlazeFaceDetector.INPUT / Math.max(width, height);
      int largest = Math.min(width, height);
      for (int face = MIN_FACE; face <= largest; face += Math.max(1, face / 20)) {
        boolean seen = whole * face >= PLAN.minInputFace();
        for (double s : levels) {
          double input = s * face;
          seen |= input >= PLAN.minInputFace() && input <= PLAN.maxLevelFace();
        }
        if (levelPixels(levels, width, height) < PLAN.maxLevelPixels() * 0.999) {
          assertThat(seen).as("a %d-px face in a %dx%d image", face, width, height).isTrue();
        }
      }
    }
  }

  @Test
  void theFinestLevel_doesNotJumpWithTheImageSize() {
    // The 1279 -> 1280 px step of the old tile rule doubled the work and changed the result; now the finest
    // level depends on the minimum face size only, for every image that needs one.
    double expected = PLAN.minInputFace() / MIN_FACE;
    for (int width = 1000; width <= 4000; width++) {
      List<Double> levels = PLAN.levels(width, width * 3 / 4, MIN_FACE);
      assertThat(levels).as("levels of a %d-px image", width).isNotEmpty();
      assertThat(levels.get(0)).isEqualTo(expected);
    }
  }

  @Test
  void smallImages_needOnlyTheWholeImagePass() {
    // 256 / 380 = 0.67 is already above 24 / 36: the whole-image pass brings a 36-px face to 24 px.
    assertThat(PLAN.levels(380, 300, MIN_FACE)).isEmpty();
    assertThat(PLAN.levels(640, 480, MIN_FACE)).isNotEmpty();
  }

  @Test
  void hugeImages_areCappedInPixelsPerLevel() {
    List<Double> levels = PLAN.levels(16000, 12000, MIN_FACE);
    assertThat(levelPixels(levels, 16000, 12000)).isLessThanOrEqualTo(PLAN.maxLevelPixels() * 1.000001);
  }

  private static double levelPixels(List<Double> levels, int width, int height) {
    return levels.isEmpty() ? 0 : levels.get(0) * levels.get(0) * width * height;
  }
}
