package io.duraflow.faces;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the faces in a decoded image and scores each one's happiness: BlazeFace (with an image pyramid for
 * small faces) then the FER2013 emotion model on a square crop around each face, all crops in one run.
 *
 * <p>Thread-safe; cheap to create (the models are shared through {@link FaceModels#shared()}).
 */
public final class FaceAnalyzer {
  /** Emotion crop side relative to the detector box's larger side: FER2013 faces are framed loosely. */
  static final double CROP_SCALE = 1.2;

  private final BlazeFaceDetector detector;
  private final EmotionClassifier emotion;
  private final double minConfidence;

  public FaceAnalyzer(FaceModels models, int minFaceSize, double minConfidence) {
    this.detector = new BlazeFaceDetector(models.detector(), minFaceSize);
    this.emotion = new EmotionClassifier(models.emotion());
    this.minConfidence = minConfidence;
  }

  /** An analyzer on the shared models with the pyramid of {@code options}. */
  public static FaceAnalyzer of(FaceOptions options) {
    return new FaceAnalyzer(FaceModels.shared(), options.minFaceSize(), options.minConfidence());
  }

  /**
   * The result for one image.
   *
   * @param faces the faces, best detector score first
   * @param modelTime time spent in pre-processing, both models and post-processing (not fetch/decode)
   */
  public record Analysis(List<FaceScore> faces, Duration modelTime) {}

  public Analysis analyze(RgbImage image) {
    long start = System.nanoTime();
    ImagePyramid pyramid = new ImagePyramid(image);
    List<BlazeFaceDetector.Detection> detections = new ArrayList<>(detector.detect(pyramid));
    detections.removeIf(d -> d.score() < minConfidence || !FaceGeometry.plausible(d));
    List<float[]> crops = new ArrayList<>();
    for (BlazeFaceDetector.Detection d : detections) {
      double side = Math.max(d.x2() - d.x1(), d.y2() - d.y1()) * CROP_SCALE;
      crops.add(EmotionClassifier.crop(pyramid, (d.x1() + d.x2()) / 2, (d.y1() + d.y2()) / 2, side));
    }
    float[][] probs = emotion.classify(crops);
    List<FaceScore> faces = new ArrayList<>();
    for (int i = 0; i < detections.size(); i++) {
      BlazeFaceDetector.Detection d = detections.get(i);
      int x1 = clamp(d.x1(), image.width());
      int y1 = clamp(d.y1(), image.height());
      int x2 = clamp(d.x2(), image.width());
      int y2 = clamp(d.y2(), image.height());
      faces.add(new FaceScore(new FaceBox(x1, y1, x2 - x1, y2 - y1),
          round(probs[i][EmotionClassifier.HAPPY]), round(d.score())));
    }
    return new Analysis(List.copyOf(faces), Duration.ofNanos(System.nanoTime() - start));
  }

  private static int clamp(double v, int size) {
    return (int) Math.round(Math.max(0, Math.min(size, v)));
  }

  /** Four decimals: more digits than the models' accuracy only add noise to the output. */
  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
