package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a large scale level is cut into model runs: every face the level keeps is whole in one chunk. */
class LevelChunksTest {
  @Test
  void largeLevels_areCoveredByEqualChunks_thatOverlapByMoreThanTheLargestKeptFace() {
    for (int length = 1025; length <= 6000; length += 7) {
      int[] origins = BlazeFaceDetector.chunks(length, BlazeFaceDetector.CHUNK_PIXELS + 1);
      int size = BlazeFaceDetector.chunkLength(length, origins.length);
      assertThat(size).as("chunk of a %d-px side", length).isLessThanOrEqualTo(BlazeFaceDetector.CHUNK);
      assertThat(origins[0]).isZero();
      assertThat(origins[origins.length - 1] + size).as("end of the last chunk").isEqualTo(length);
      for (int i = 1; i < origins.length; i++) {
        int overlap = origins[i - 1] + size - origins[i];
        assertThat(overlap).as("overlap of chunks %d and %d of %d px", i - 1, i, length)
            .isGreaterThanOrEqualTo(BlazeFaceDetector.CHUNK_OVERLAP);
      }
      assertThat((double) BlazeFaceDetector.CHUNK_OVERLAP)
          .isGreaterThan(ScalePlan.DEFAULT.maxLevelFace() + 2 * BlazeFaceDetector.EDGE);
    }
  }

  @Test
  void levelsUpTo1280x960_areOneRun_whateverTheirShape() {
    assertThat(BlazeFaceDetector.chunks(1280, 1280 * 853)).containsExactly(0);
    assertThat(BlazeFaceDetector.chunks(853, 1280 * 853)).containsExactly(0);
    assertThat(BlazeFaceDetector.chunks(2000, 2000 * 500)).containsExactly(0);
    assertThat(BlazeFaceDetector.chunks(2667, 2667 * 2000)).hasSize(3);
  }
}
