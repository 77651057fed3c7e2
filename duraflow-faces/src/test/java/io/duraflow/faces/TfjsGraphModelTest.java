package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

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
}
