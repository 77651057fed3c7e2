package io.duraflow.faces;

import java.util.ArrayList;
import java.util.List;

/**
 * Which scales of an image the short-range detector runs on ({@link BlazeFaceDetector}): a pure function
 * of the image size and the smallest face to find, so that it can be checked for every size without the
 * model.
 *
 * <p>The finest level is scaled so that a face of {@code minFaceSize} image pixels is {@code minInputFace}
 * input pixels (never above scale 1: no upsampling), each next level is {@code levelRatio} as large, down to
 * the first level whose largest kept face ({@code maxLevelFace} input pixels) is at least the smallest face
 * of the whole-image pass at 256 px; the whole-image pass always runs. A face of {@code minFaceSize} or more
 * is therefore between {@code minInputFace} and {@code maxLevelFace} input pixels at some level, or at least
 * {@code minInputFace} in the whole-image pass, provided {@code levelRatio >= minInputFace / maxLevelFace}.
 *
 * @param minInputFace input pixels of the smallest face the model finds reliably
 * @param maxLevelFace the largest face, in input pixels, a level finer than the whole-image pass keeps;
 *     larger boxes at a fine level are left to a coarser one
 * @param levelRatio scale of each level relative to the previous, finer one
 * @param maxLevelPixels the finest level's pixel count is capped here (a huge image then finds somewhat
 *     larger faces only)
 */
record ScalePlan(double minInputFace, double maxLevelFace, double levelRatio, long maxLevelPixels) {
  /** The measured defaults: docs/faces.md, "Finding faces". */
  static final ScalePlan DEFAULT = new ScalePlan(24, 96, 0.25, 6_000_000L);

  ScalePlan {
    if (!(minInputFace > 0 && maxLevelFace > minInputFace && levelRatio >= minInputFace / maxLevelFace
        && levelRatio < 1 && maxLevelPixels > 0)) {
      throw new IllegalArgumentException("levels would leave face sizes out: " + minInputFace + ".."
          + maxLevelFace + " px, ratio " + levelRatio);
    }
  }

  /** The scales of the levels finer than the whole-image pass, finest first. */
  List<Double> levels(int width, int height, int minFaceSize) {
    double whole = (double) BlazeFaceDetector.INPUT / Math.max(width, height);
    double scale = Math.min(1.0, minInputFace / minFaceSize);
    scale = Math.min(scale, Math.sqrt((double) maxLevelPixels / ((double) width * height)));
    List<Double> levels = new ArrayList<>();
    while (scale > whole * 1.001) {
      levels.add(scale);
      if (scale * minInputFace <= whole * maxLevelFace) {
        break; // coarser levels would only repeat the whole-image pass
      }
      scale *= levelRatio;
    }
    return levels;
  }
}
