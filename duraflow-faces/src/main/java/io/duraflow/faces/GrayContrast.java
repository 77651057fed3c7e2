package io.duraflow.faces;

/**
 * Stretches the gray levels of a face crop whose contrast is too narrow for the emotion model.
 *
 * <p>Why: FER2013's faces are ordinary, mostly well exposed web photos, and the model was trained on them
 * without any normalisation (pixels / 255 to [-1, 1]). A darkened or hazy photo squeezes the face into a
 * fraction of the gray range, and the model, never having seen that, reads the flattened face as sad or
 * neutral: broad smiles of the demo photos scored 0.06 to 0.12 darkened to 35 %, 0.18 to 0.30 at 30 %
 * contrast.
 *
 * <p>The rule, on the crop's 2nd-98th percentile span (gray levels 0..255): at least {@link #FULL_SPAN},
 * the crop is left exactly as it is (the twelve hand-labelled demo faces span 139 to 235, so their scores hardly
 * move); at most {@link #NARROW_SPAN}, it is stretched linearly to {@link #TARGET_SPAN} (typical of those
 * faces) and its mid-level moved to mid-gray; in between, the target span and the shift are blended
 * linearly, so the result does not jump at either threshold. The gain is capped at {@link #MAX_GAIN}: a
 * nearly flat crop (a wall, a face in the dark) is mostly noise, and amplifying it further makes up
 * structure.
 *
 * <p>Percentiles rather than min/max so that a few specular highlights or black hair pixels do not mask a
 * low-contrast face; a linear stretch rather than histogram equalisation because equalisation reshapes the
 * gray levels of every face, well-exposed ones included, which the model was not trained on either.
 */
final class GrayContrast {
  /** A crop whose 2nd-98th percentile span (gray levels 0..255) is at least this is left as it is. */
  static final double FULL_SPAN = 140;
  /** A crop whose span is at most this is stretched all the way to {@link #TARGET_SPAN}. */
  static final double NARROW_SPAN = 100;
  /** The span a narrow crop is stretched to: typical of the well-exposed demo faces. */
  static final double TARGET_SPAN = 170;
  /** The largest gain applied. */
  static final double MAX_GAIN = 5;
  static final double LOW_PERCENTILE = 0.02;
  static final double HIGH_PERCENTILE = 0.98;

  private final double fullSpan;
  private final double narrowSpan;
  private final double targetSpan;
  private final double maxGain;

  GrayContrast(double fullSpan, double narrowSpan, double targetSpan, double maxGain) {
    this.fullSpan = fullSpan;
    this.narrowSpan = narrowSpan;
    this.targetSpan = targetSpan;
    this.maxGain = maxGain;
  }

  static GrayContrast defaults() {
    return new GrayContrast(FULL_SPAN, NARROW_SPAN, TARGET_SPAN, MAX_GAIN);
  }

  /** No stretching at all. */
  static GrayContrast none() {
    return new GrayContrast(0, 0, 0, 1);
  }

  /** The gray levels (0..255) at the 2nd and 98th percentiles of {@code gray}. */
  static double[] percentiles(float[] gray) {
    int[] hist = new int[256];
    for (float g : gray) {
      hist[Math.max(0, Math.min(255, Math.round(g)))]++;
    }
    return new double[] {level(hist, LOW_PERCENTILE * gray.length), level(hist, HIGH_PERCENTILE * gray.length)};
  }

  /** The first level at which the cumulative count reaches {@code rank}. */
  private static double level(int[] hist, double rank) {
    long sum = 0;
    for (int i = 0; i < hist.length; i++) {
      sum += hist[i];
      if (sum >= rank) {
        return i;
      }
    }
    return hist.length - 1;
  }

  /** Stretches {@code gray} (0..255) in place when its span is narrow; returns it. */
  float[] apply(float[] gray) {
    double[] p = percentiles(gray);
    double span = Math.max(1, p[1] - p[0]);
    if (span >= fullSpan) {
      return gray;
    }
    // How far to go toward the target: 0 at fullSpan, 1 at narrowSpan and below; continuous in between.
    double w = fullSpan <= narrowSpan ? 1 : Math.min(1, (fullSpan - span) / (fullSpan - narrowSpan));
    double gain = Math.min(maxGain, (span + (targetSpan - span) * w) / span);
    if (gain <= 1) {
      return gray;
    }
    double mid = (p[0] + p[1]) / 2;
    double newMid = mid + (127.5 - mid) * w;
    for (int i = 0; i < gray.length; i++) {
      gray[i] = (float) Math.max(0, Math.min(255, newMid + (gray[i] - mid) * gain));
    }
    return gray;
  }
}
