package io.duraflow.faces;

/**
 * Cuts a face out of an image for the emotion model: a square rotated so that the eyes are level, centred
 * between the eyes and the mouth, sized from the face, sampled to 64x64 with area averaging, then gray
 * with {@link GrayContrast} and scaled to [-1, 1].
 *
 * <p>Why align: FER2013's faces are upright and the model never learned a tilted one; a face tilted by
 * 35 to 50 degrees got anything from 0.06 to 0.72 for the same smile. BlazeFace's key points give the
 * tilt: the angle of the line from the subject's right eye (on the image's left) to the left eye.
 *
 * <p>Thread-safe (immutable).
 */
final class FaceAligner {
  /**
   * Crop side relative to the face size (the detector box's side, which for an upright face runs from
   * the eyebrows to the chin): FER2013 faces are framed loosely, forehead to chin and a little of the
   * cheeks' surroundings. 1.2 is what the unaligned crop used; see docs/faces.md for the measurements.
   */
  static final double CROP_SCALE = 1.2;
  /**
   * The eye-to-mouth distance relative to the detector box of an upright frontal face (median 0.45 over
   * the demo photos' 24 detections, 0.41 to 0.53), to turn key points into a face size.
   */
  static final double EYE_MOUTH_PER_BOX = 0.45;
  /**
   * Below this eye distance (relative to the box) the eyes lie nearly on top of each other (a profile)
   * and their angle says nothing: the tilt is then taken from the eye-to-mouth line.
   */
  static final double MIN_EYE_DISTANCE = 0.15;

  /**
   * Where to cut: centre and side in image pixels, rotation in radians (clockwise on screen).
   *
   * @param cx centre x
   * @param cy centre y
   * @param side the square's side
   * @param angle the rotation that levels the eyes
   */
  record Frame(double cx, double cy, double side, double angle) {}

  private final double cropScale;
  private final GrayContrast contrast;

  FaceAligner(double cropScale, GrayContrast contrast) {
    this.cropScale = cropScale;
    this.contrast = contrast;
  }

  static FaceAligner defaults() {
    return new FaceAligner(CROP_SCALE, GrayContrast.defaults());
  }

  /** The frame for detection {@code d}. */
  Frame frame(BlazeFaceDetector.Detection d) {
    double box = Math.max(d.x2() - d.x1(), d.y2() - d.y1());
    double rx = d.keypointX(BlazeFaceDetector.RIGHT_EYE);
    double ry = d.keypointY(BlazeFaceDetector.RIGHT_EYE);
    double lx = d.keypointX(BlazeFaceDetector.LEFT_EYE);
    double ly = d.keypointY(BlazeFaceDetector.LEFT_EYE);
    double mx = d.keypointX(BlazeFaceDetector.MOUTH);
    double my = d.keypointY(BlazeFaceDetector.MOUTH);
    double ex = (rx + lx) / 2;
    double ey = (ry + ly) / 2;
    double angle;
    if (Math.hypot(lx - rx, ly - ry) >= MIN_EYE_DISTANCE * box) {
      angle = Math.atan2(ly - ry, lx - rx);
    } else {
      // The eye-to-mouth line points straight down (angle + 90 degrees) in an upright face.
      angle = Math.atan2(my - ey, mx - ex) - Math.PI / 2;
    }
    return new Frame((ex + mx) / 2, (ey + my) / 2, box * cropScale, angle);
  }

  /** The model input (64x64 gray in [-1, 1]) for {@code frame} of {@code image}. */
  float[] crop(ImagePyramid image, Frame frame) {
    int n = EmotionClassifier.INPUT;
    float[] rgb = image.sampleRotated(frame.cx(), frame.cy(), frame.side(), frame.angle(), n, n, true);
    return EmotionClassifier.toInput(contrast.apply(EmotionClassifier.gray(rgb)));
  }
}
