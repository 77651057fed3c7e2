package io.duraflow.faces;

import io.duraflow.faces.BlazeFaceDetector.Detection;
import io.duraflow.faces.BlazeFaceDetector.Region;
import java.util.ArrayList;
import java.util.List;

/**
 * A second opinion on the short-range detector's boxes from the full-range model, which was trained
 * separately: a box the short-range model is not sure of is kept only when the full-range model also
 * finds a face on it.
 *
 * <p>Why: on the labelled evaluation set every false box of the short-range model (a cat, a coffee cup, a
 * ladybird, a squirrel, flowers, a patch of shirt, scoring 0.56 to 0.83) got no full-range detection at
 * all, while 92 of 95 real faces did (docs/faces.md, "False faces"). Each box below {@link #TRUSTED_SCORE}
 * is looked at in square regions of {@link #CONTEXTS} times its size around its centre, as the full-range
 * model sees faces best with some surroundings; the regions of an image go through the model in batches.
 *
 * <p>Thread-safe: it only reads the shared model.
 */
final class FaceVerifier {
  /** Boxes scoring this much are kept without a second opinion (no false box on the set scored above 0.83). */
  static final double TRUSTED_SCORE = 0.9;
  /** Region sides relative to the box's larger side. */
  static final double[] CONTEXTS = {3.5, 1.6};
  /**
   * The full-range score that confirms a box: a little below the model's own 0.5, because a face the
   * short-range model found is already likely. On the evaluation set 0.45 kept 2 more small faces of 135
   * than 0.5; on the demo photos stray boxes (hair, a door plate, a shirt badge) got at most 0.43.
   */
  static final double CONFIRM_SCORE = 0.45;
  /** Overlap of a full-range box with the short-range box that counts as the same face. */
  static final double SAME_FACE_IOU = 0.3;

  private final FullRangeFaceDetector fullRange;

  FaceVerifier(FullRangeFaceDetector fullRange) {
    this.fullRange = fullRange;
  }

  /**
   * The detections that are trusted or confirmed, in their order. The contexts are tried one batch at a
   * time, widest first, each only for the boxes still unconfirmed: most real faces are confirmed by the
   * first, so they cost one full-range run.
   */
  List<Detection> confirmed(ImagePyramid pyramid, List<Detection> detections) {
    List<Detection> open = new ArrayList<>();
    for (Detection d : detections) {
      if (d.score() < TRUSTED_SCORE) {
        open.add(d);
      }
    }
    for (double context : CONTEXTS) {
      if (open.isEmpty()) {
        break;
      }
      List<Region> regions = new ArrayList<>();
      for (Detection d : open) {
        int side = (int) Math.round(Math.max(d.x2() - d.x1(), d.y2() - d.y1()) * context);
        regions.add(new Region((int) Math.round((d.x1() + d.x2() - side) / 2),
            (int) Math.round((d.y1() + d.y2() - side) / 2), side));
      }
      List<List<Detection>> seen = fullRange.detectRegions(pyramid, regions, CONFIRM_SCORE);
      List<Detection> still = new ArrayList<>();
      for (int i = 0; i < open.size(); i++) {
        Detection d = open.get(i);
        if (seen.get(i).stream().noneMatch(f -> BlazeFaceModel.iou(d, f) > SAME_FACE_IOU)) {
          still.add(d);
        }
      }
      open = still;
    }
    List<Detection> kept = new ArrayList<>(detections);
    kept.removeAll(open);
    return kept;
  }
}
