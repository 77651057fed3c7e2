package io.duraflow.faces;

import java.util.List;

/**
 * Scores facial expressions with the mini-Xception FER2013 model of {@code human-models}: input Nx64x64x1
 * grayscale (0.2989 R + 0.5870 G + 0.1140 B) scaled to [-1, 1]; output a softmax over {@link #LABELS}.
 *
 * <p>Thread-safe: it only reads the shared model.
 */
public final class EmotionClassifier {
  static final int INPUT = 64;
  public static final List<String> LABELS = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
  static final int HAPPY = LABELS.indexOf("happy");

  private final TfjsGraphModel model;

  public EmotionClassifier(TfjsGraphModel model) {
    this.model = model;
  }

  /** Probabilities per label for each crop, one model run for all of them. */
  public float[][] classify(List<float[]> grayCrops) {
    if (grayCrops.isEmpty()) {
      return new float[0][];
    }
    int n = grayCrops.size();
    float[] batch = new float[n * INPUT * INPUT];
    for (int i = 0; i < n; i++) {
      System.arraycopy(grayCrops.get(i), 0, batch, i * INPUT * INPUT, INPUT * INPUT);
    }
    float[] probs = model.run(batch, new long[] {n, INPUT, INPUT, 1}, "Identity")[0];
    float[][] out = new float[n][LABELS.size()];
    for (int i = 0; i < n; i++) {
      System.arraycopy(probs, i * LABELS.size(), out[i], 0, LABELS.size());
    }
    return out;
  }

  /** RGB 0..255 (64x64x3) to grayscale 0..255 (64x64), with the weights the model was trained with. */
  static float[] gray(float[] rgb) {
    float[] gray = new float[rgb.length / 3];
    for (int i = 0; i < gray.length; i++) {
      gray[i] = 0.2989f * rgb[i * 3] + 0.5870f * rgb[i * 3 + 1] + 0.1140f * rgb[i * 3 + 2];
    }
    return gray;
  }

  /** Grayscale 0..255 to the model's [-1, 1], in place. */
  static float[] toInput(float[] gray) {
    for (int i = 0; i < gray.length; i++) {
      gray[i] = (gray[i] / 255f - 0.5f) * 2f;
    }
    return gray;
  }
}
