package io.duraflow.faces;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the faces in a decoded image and scores each one's happiness: BlazeFace (with an image pyramid for
 * small faces), boxes whose key points are not arranged like a face dropped ({@link FaceGeometry}), doubtful
 * boxes confirmed by the full-range model ({@link FaceVerifier}), then the FER2013 emotion model on an aligned square crop of each face ({@link FaceAligner}), all
 * crops in one run, and P(happy) through {@link HappinessCalibration}.
 *
 * <p>Thread-safe; cheap to create (the models are shared through {@link FaceModels#shared()}).
 */
public final class FaceAnalyzer {
  private final BlazeFaceDetector detector;
  private final FaceVerifier verifier;
  private final EmotionClassifier emotion;
  private final double minConfidence;
  private final FaceAligner aligner = FaceAligner.defaults();
  private final HappinessCalibration calibration;

  public FaceAnalyzer(FaceModels models, int minFaceSize, double minConfidence) {
    this(models, minFaceSize, minConfidence, HappinessCalibration.DEFAULT);
  }

  /** An analyzer whose {@code happiness} is P(happy) through {@code calibration}. */
  public FaceAnalyzer(FaceModels models, int minFaceSize, double minConfidence, HappinessCalibration calibration) {
    this.detector = new BlazeFaceDetector(models.detector(), minFaceSize);
    this.verifier = new FaceVerifier(new FullRangeFaceDetector(models.fullRange()));
    this.emotion = new EmotionClassifier(models.emotion());
    this.minConfidence = minConfidence;
    this.calibration = Objects.requireNonNull(calibration, "calibration");
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
    detections = verifier.confirmed(pyramid, detections);
    float[][] probs = emotion.classify(crops(pyramid, detections));
    List<FaceScore> faces = new ArrayList<>();
    for (int i = 0; i < detections.size(); i++) {
      BlazeFaceDetector.Detection d = detections.get(i);
      int x1 = clamp(d.x1(), image.width());
      int y1 = clamp(d.y1(), image.height());
      int x2 = clamp(d.x2(), image.width());
      int y2 = clamp(d.y2(), image.height());
      faces.add(score(new FaceBox(x1, y1, x2 - x1, y2 - y1), probs[i], d.score()));
    }
    return new Analysis(List.copyOf(faces), Duration.ofNanos(System.nanoTime() - start));
  }

  /** The emotion model's input for each detection: the aligned crop (see {@link FaceAligner}). */
  private List<float[]> crops(ImagePyramid pyramid, List<BlazeFaceDetector.Detection> detections) {
    List<float[]> crops = new ArrayList<>(detections.size());
    for (BlazeFaceDetector.Detection d : detections) {
      crops.add(aligner.crop(pyramid, aligner.frame(d)));
    }
    return crops;
  }

  /** A face's score from the emotion model's probabilities {@code probs} (in label order). */
  private FaceScore score(FaceBox box, float[] probs, double confidence) {
    Map<String, Double> emotions = new LinkedHashMap<>();
    for (int k = 0; k < probs.length; k++) {
      emotions.put(EmotionClassifier.LABELS.get(k), round(probs[k]));
    }
    double raw = probs[EmotionClassifier.HAPPY];
    return new FaceScore(box, round(calibration.apply(raw)), round(confidence), round(raw), emotions);
  }

  private static int clamp(double v, int size) {
    return (int) Math.round(Math.max(0, Math.min(size, v)));
  }

  /** Four decimals: more digits than the models' accuracy only add noise to the output. */
  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
