package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TfjsGraphModelTest {

  @Test
  void loadResource_emotion_runsAndGivesProbabilities() {
    try (TfjsGraphModel m = TfjsGraphModel.loadResource("models", "emotion", 0)) {
      float[][] out = m.run(new float[64 * 64], new long[] {1, 64, 64, 1}, "Identity");
      assertThat(out[0]).hasSize(7);
      float sum = 0;
      for (float v : out[0]) sum += v;
      assertThat(sum).isBetween(0.99f, 1.01f);
    }
  }

  @Test
  void loadResource_blazeface_hasFourOutputs() {
    try (TfjsGraphModel m = TfjsGraphModel.loadResource("models", "blazeface", 0)) {
      float[][] out = m.run(new float[256 * 256 * 3], new long[] {1, 256, 256, 3}, "Identity", "Identity_1", "Identity_2", "Identity_3");
      assertThat(out[0]).hasSize(512);
      assertThat(out[1]).hasSize(384);
      assertThat(out[2]).hasSize(512 * 16);
      assertThat(out[3]).hasSize(384 * 16);
    }
  }

  @Test
  void loadResource_fullRange_loadsAfterTheFusedDepthwiseRewrite() {
    // Without TfjsGraphRewrites.splitFusedDepthwise TF refuses the graph: "Op type not registered
    // 'FusedDepthwiseConv2dNative'".
    try (TfjsGraphModel m = TfjsGraphModel.loadResource("models", FullRangeFaceDetector.MODEL, 0)) {
      float[][] out = m.run(new float[192 * 192 * 3], new long[] {1, 192, 192, 3}, "Identity", "Identity_1");
      assertThat(out[0]).hasSize(2304 * 17); // face: 48x48 anchors, logit + 16 regressors
      assertThat(out[1]).hasSize(2304 * 17); // person head, unused
    }
  }

  @Test
  void runBatch_blazeface_givesTheOutputsOfSeparateRuns() {
    try (TfjsGraphModel m = TfjsGraphModel.loadResource("models", "blazeface", 0)) {
      assertThat(m.batchFree()).isTrue(); // the converter pinned it to 1: unpinned at load
      assertBatchMatchesSeparateRuns(m, BlazeFaceModel.SHORT_RANGE);
    }
  }

  @Test
  void runBatch_fullRange_givesTheOutputsOfSeparateRuns() {
    try (TfjsGraphModel m = TfjsGraphModel.loadResource("models", FullRangeFaceDetector.MODEL, 0)) {
      assertThat(m.batchFree()).isTrue();
      assertBatchMatchesSeparateRuns(m, BlazeFaceModel.FULL_RANGE);
    }
  }

  /** Three different tiles of a photo (two with faces, one without) as one batch and one by one. */
  private static void assertBatchMatchesSeparateRuns(TfjsGraphModel m, BlazeFaceModel.Layout layout) {
    int side = layout.input();
    ImagePyramid photo = new ImagePyramid(ImageDecoder.decode(TestImages.photo("sample3.jpg"), "sample3"));
    List<float[]> tiles = new ArrayList<>();
    for (int[] at : new int[][] {{450, 250}, {1000, 150}, {0, 900}}) {
      tiles.add(BlazeFaceModel.toInput(photo.sample(at[0], at[1], 450, 450, side, side, true)));
    }
    long[] item = {side, side, 3};
    float[][][] batch = m.runBatch(tiles, item, layout.outputs());
    assertThat(batch).hasNumberOfRows(3);
    for (int i = 0; i < tiles.size(); i++) {
      float[][] alone = m.run(tiles.get(i), new long[] {1, side, side, 3}, layout.outputs());
      for (int k = 0; k < alone.length; k++) {
        assertThat(batch[i][k]).hasSameSizeAs(alone[k]);
        for (int j = 0; j < alone[k].length; j++) {
          if (Math.abs(batch[i][k][j] - alone[k][j]) > 1e-5 * Math.max(1, Math.abs(alone[k][j]))) {
            throw new AssertionError("tile " + i + " output " + k + " value " + j + ": batch " + batch[i][k][j]
                + ", alone " + alone[k][j]);
          }
        }
      }
    }
    // The tiles differ, so equal outputs are not the same value copied three times.
    assertThat(batch[0][0]).isNotEqualTo(batch[2][0]);
    assertThat(layout.decode(batch[0])).isNotEmpty();
    assertThat(layout.decode(batch[2])).isEmpty();
  }
}
