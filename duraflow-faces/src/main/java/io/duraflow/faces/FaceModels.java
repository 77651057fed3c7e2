package io.duraflow.faces;

/**
 * The three TF graphs (short-range and full-range BlazeFace, FER2013 emotions), loaded from the jar's {@code models/} resources once per process on first use and
 * shared by every analyzer and activity thread (TF sessions are safe to run concurrently). They live until
 * the process exits.
 */
public final class FaceModels {
  private static volatile FaceModels shared;

  private final TfjsGraphModel detector;
  private final TfjsGraphModel fullRange;
  private final TfjsGraphModel emotion;

  private FaceModels(TfjsGraphModel detector, TfjsGraphModel fullRange, TfjsGraphModel emotion) {
    this.detector = detector;
    this.fullRange = fullRange;
    this.emotion = emotion;
  }

  /** The process-wide models, loading them (about a second) on the first call. */
  public static FaceModels shared() {
    FaceModels m = shared;
    if (m == null) {
      synchronized (FaceModels.class) {
        m = shared;
        if (m == null) {
          try (TensorFlowStartupLog quiet = TensorFlowStartupLog.open()) {
            m = new FaceModels(
                TfjsGraphModel.loadResource("models", "blazeface", 0, true),
                TfjsGraphModel.loadResource("models", FullRangeFaceDetector.MODEL, 0),
                TfjsGraphModel.loadResource("models", "emotion", 0));
            m.warmUp(); // TensorFlow's first runs are the ones that log
          }
          shared = m;
        }
      }
    }
    return m;
  }

  /** One run of each graph on blank input: TensorFlow optimises a graph (and logs) on its first run. */
  private void warmUp() {
    int d = BlazeFaceDetector.INPUT;
    detector.run(new float[d * d * 3], new long[] {1, d, d, 3}, BlazeFaceDetector.OUTPUTS);
    int f = FullRangeFaceDetector.INPUT;
    fullRange.run(new float[f * f * 3], new long[] {1, f, f, 3}, BlazeFaceModel.FULL_RANGE.outputs());
    int e = EmotionClassifier.INPUT;
    emotion.run(new float[e * e], new long[] {1, e, e, 1}, "Identity");
  }

  public TfjsGraphModel detector() {
    return detector;
  }

  /** The full-range BlazeFace graph, the second opinion on doubtful boxes ({@link FaceVerifier}). */
  public TfjsGraphModel fullRange() {
    return fullRange;
  }

  public TfjsGraphModel emotion() {
    return emotion;
  }
}
