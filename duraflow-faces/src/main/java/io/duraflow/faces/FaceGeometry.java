package io.duraflow.faces;

/**
 * Whether a detection's key points are arranged like a face's: the model regresses the eyes, nose and
 * mouth for every box, and on a patch of texture it scored as a face they are usually out of place.
 *
 * <p>The rules are loose on purpose, so that turned, tilted and looking-down faces pass: the eyes, nose
 * and mouth lie within the box (grown by a margin); the eyes are at most {@link #MAX_EYE_SPAN} of the box
 * width apart; the mouth is not nearer the eyes than {@link #MIN_MOUTH_DROP} of the box height; and, unless
 * the eyes nearly coincide (a profile: 0.04 of the box apart in a test photo, which leaves the eye line's
 * direction to noise), the mouth is below the eyes in the face's own frame: the eye-to-mouth direction
 * within {@link #MAX_TILT_DEGREES} of perpendicular to the eye line, on the side the face is.
 */
final class FaceGeometry {
  static final double MARGIN = 0.15;
  /** Eyes nearer than this (relative to the box width) are a profile's: no eye-line direction check. */
  static final double PROFILE_EYE_SPAN = 0.15;
  static final double MAX_EYE_SPAN = 0.8;
  static final double MAX_TILT_DEGREES = 50;
  static final double MIN_MOUTH_DROP = 0.12;

  private FaceGeometry() {}

  static boolean plausible(BlazeFaceDetector.Detection d) {
    double w = d.x2() - d.x1();
    double h = d.y2() - d.y1();
    if (w <= 0 || h <= 0) {
      return false;
    }
    for (int k : new int[] {BlazeFaceDetector.RIGHT_EYE, BlazeFaceDetector.LEFT_EYE, BlazeFaceDetector.NOSE,
        BlazeFaceDetector.MOUTH}) {
      double x = d.keypointX(k);
      double y = d.keypointY(k);
      if (x < d.x1() - MARGIN * w || x > d.x2() + MARGIN * w || y < d.y1() - MARGIN * h || y > d.y2() + MARGIN * h) {
        return false;
      }
    }
    double ex = d.keypointX(BlazeFaceDetector.LEFT_EYE) - d.keypointX(BlazeFaceDetector.RIGHT_EYE);
    double ey = d.keypointY(BlazeFaceDetector.LEFT_EYE) - d.keypointY(BlazeFaceDetector.RIGHT_EYE);
    double span = Math.hypot(ex, ey);
    if (span > MAX_EYE_SPAN * w) {
      return false;
    }
    double mx = d.keypointX(BlazeFaceDetector.MOUTH) - (d.keypointX(BlazeFaceDetector.RIGHT_EYE) + d.keypointX(BlazeFaceDetector.LEFT_EYE)) / 2;
    double my = d.keypointY(BlazeFaceDetector.MOUTH) - (d.keypointY(BlazeFaceDetector.RIGHT_EYE) + d.keypointY(BlazeFaceDetector.LEFT_EYE)) / 2;
    double drop = Math.hypot(mx, my);
    if (drop < MIN_MOUTH_DROP * h) {
      return false;
    }
    if (span < PROFILE_EYE_SPAN * w) {
      return true;
    }
    // The face's "down": the eye line turned a quarter clockwise in image coordinates (y grows downwards).
    double downX = -ey / span;
    double downY = ex / span;
    double cos = (mx * downX + my * downY) / drop;
    return cos >= Math.cos(Math.toRadians(MAX_TILT_DEGREES));
  }
}
