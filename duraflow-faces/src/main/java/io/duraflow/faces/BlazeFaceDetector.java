package io.duraflow.faces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds faces with MediaPipe BlazeFace (the 256x256 "back camera" model of {@code human-models}).
 *
 * <p>Model facts: trained on 256x256 inputs scaled to [-1, 1]; per anchor one logit and 16 regressors
 * (box centre offset x, y and size w, h in input pixels, then six key points); anchors 2 per cell at
 * stride 16, then 6 per cell at stride 32, at the cell centres. Box centre = offset + anchor, score =
 * sigmoid(logit); boxes scoring at least {@link #MIN_SCORE} survive, then non-maximum suppression.
 *
 * <p>Small faces: the model finds faces of about 20 to 25 input pixels and up. The graph is fully
 * convolutional up to its heads, so it is loaded to take any input size
 * ({@link TfjsGraphRewrites#freeInputSize}) and {@link #detect} runs it on a few scales of the whole image
 * ({@link ScalePlan}): the finest scaled so that a face of {@code minFaceSize} image pixels is 24 input
 * pixels, coarser ones for larger faces, and last the whole image at 256 px. Every face of at least
 * {@code minFaceSize} reaches the model at a size it handles, at any image size, with no tile edges that cut
 * faces and one model call per level (levels over 1280x960 pixels are run in chunks). A fine level keeps only
 * boxes up to the plan's largest face: larger ones belong to a coarser level.
 *
 * <p>Thread-safe: it only reads the shared model.
 */
public final class BlazeFaceDetector {
  static final int INPUT = BlazeFaceModel.SHORT_RANGE.input();
  /** Output ops: scores and regressors of the stride-16 and stride-32 anchors. */
  static final String[] OUTPUTS = BlazeFaceModel.SHORT_RANGE.outputs();
  /** Level inputs are padded to a multiple of the coarsest anchor stride, so both grids align. */
  static final int STRIDE = 32;
  /**
   * The largest input a model run gets, squared: the model's time per pixel is flat up to about
   * 1024x1024 pixels and doubles at 1536x1536 (its first activations no longer fit the caches), so larger
   * levels are run in chunks.
   */
  static final int CHUNK = 1024;
  /** A level of up to this many pixels is one run whatever its shape (1280x960: a 4:3 photo at 2/3 scale). */
  static final int CHUNK_PIXELS = 1280 * 960;
  /**
   * Chunks overlap by more than the largest face a fine level keeps (96 input pixels) and the edge margins,
   * so every such face is whole, away from an inner edge, in one chunk.
   */
  static final int CHUNK_OVERLAP = 128;
  /** A box this close to a chunk edge inside the level is cut by it: a neighbouring chunk has it whole. */
  static final int EDGE = 2;

  private final BlazeFaceModel model;
  private final int minFaceSize;
  private final ScalePlan plan;

  /**
   * @param model the BlazeFace graph, loaded with any input size ({@link TfjsGraphRewrites#freeInputSize})
   * @param minFaceSize the smallest face to find, in image pixels (the face box's larger side)
   */
  public BlazeFaceDetector(TfjsGraphModel model, int minFaceSize) {
    this(model, minFaceSize, ScalePlan.DEFAULT);
  }

  BlazeFaceDetector(TfjsGraphModel model, int minFaceSize, ScalePlan plan) {
    this.model = new BlazeFaceModel(model, BlazeFaceModel.SHORT_RANGE);
    this.minFaceSize = Math.max(1, minFaceSize);
    this.plan = plan;
  }

  /** Key points per detection, in the model's order (the subject's right eye appears on the image's left). */
  public static final int KEYPOINTS = 6;
  static final int RIGHT_EYE = 0;
  static final int LEFT_EYE = 1;
  static final int NOSE = 2;
  static final int MOUTH = 3;

  /**
   * A detection: box corners and key points in image pixels, and its score.
   *
   * @param keypoints {@link #KEYPOINTS} (x, y) pairs: the subject's right eye, left eye, nose tip, mouth
   *     centre, right ear tragion, left ear tragion
   */
  public record Detection(double x1, double y1, double x2, double y2, double score, float[] keypoints) {
    double area() {
      return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
    }

    double keypointX(int i) {
      return keypoints[i * 2];
    }

    double keypointY(int i) {
      return keypoints[i * 2 + 1];
    }

    /** This detection moved by (dx, dy) after scaling by {@code scale} (input pixels to image pixels). */
    Detection mapped(double dx, double dy, double scale) {
      float[] k = new float[keypoints.length];
      for (int i = 0; i < k.length; i += 2) {
        k[i] = (float) (dx + keypoints[i] * scale);
        k[i + 1] = (float) (dy + keypoints[i + 1] * scale);
      }
      return new Detection(dx + x1 * scale, dy + y1 * scale, dx + x2 * scale, dy + y2 * scale, score, k);
    }
  }

  /** All faces in {@code image}, best first. */
  public List<Detection> detect(RgbImage image) {
    return detect(new ImagePyramid(image));
  }

  List<Detection> detect(ImagePyramid pyramid) {
    RgbImage image = pyramid.base();
    List<Detection> all = new ArrayList<>();
    for (double scale : plan.levels(image.width(), image.height(), minFaceSize)) {
      all.addAll(detectLevel(pyramid, scale));
    }
    all.addAll(detectWhole(pyramid));
    return BlazeFaceModel.suppress(all);
  }

  /**
   * Detections of the whole image scaled by {@code scale}, in image pixels: the scaled image is sampled once
   * and run whole when it has at most {@link #CHUNK_PIXELS}, else in overlapping chunks.
   * Package-private for the tests.
   */
  List<Detection> detectLevel(ImagePyramid pyramid, double scale) {
    RgbImage image = pyramid.base();
    int w = Math.max(1, (int) Math.round(image.width() * scale));
    int h = Math.max(1, (int) Math.round(image.height() * scale));
    double sx = (double) image.width() / w;
    double sy = (double) image.height() / h;
    double back = (sx + sy) / 2;
    List<Detection> mapped = new ArrayList<>();
    int[] ys = chunks(h, w * h);
    int[] xs = chunks(w, w * h);
    if (xs.length == 1 && ys.length == 1) {
      // One run: sample the padded input in place (the same pixels as the level), no second 13-MB buffer.
      int pw = roundUp(Math.max(w, STRIDE));
      int ph = roundUp(Math.max(h, STRIDE));
      float[] input = pyramid.sample(0, 0, pw * sx, ph * sy, pw, ph, true);
      toPaddedInput(input, pw, ph, w, h);
      for (Detection d : model.detect(input, pw, ph)) {
        if (Math.max(d.x2 - d.x1, d.y2 - d.y1) <= plan.maxLevelFace()) {
          mapped.add(d.mapped(0, 0, back));
        }
      }
      return mapped;
    }
    float[] level = pyramid.sample(0, 0, image.width(), image.height(), w, h, true);
    for (int cy : ys) {
      for (int cx : xs) {
        int cw = Math.min(chunkLength(w, xs.length), w - cx);
        int ch = Math.min(chunkLength(h, ys.length), h - cy);
        for (Detection d : detectChunk(level, w, cx, cy, cw, ch)) {
          boolean cut = (cx > 0 && d.x1 < EDGE) || (cy > 0 && d.y1 < EDGE)
              || (cx + cw < w && d.x2 > cw - EDGE) || (cy + ch < h && d.y2 > ch - EDGE);
          if (!cut && Math.max(d.x2 - d.x1, d.y2 - d.y1) <= plan.maxLevelFace()) {
            mapped.add(d.mapped(cx * back, cy * back, back));
          }
        }
      }
    }
    return mapped;
  }

  /** One model run over the chunk at (cx, cy) of a level {@code levelWidth} wide; boxes in chunk pixels. */
  private List<Detection> detectChunk(float[] level, int levelWidth, int cx, int cy, int cw, int ch) {
    int pw = roundUp(Math.max(cw, STRIDE));
    int ph = roundUp(Math.max(ch, STRIDE));
    // Padding stays 0, mid-gray in the model's [-1, 1].
    float[] input = new float[pw * ph * 3];
    for (int y = 0; y < ch; y++) {
      int from = ((cy + y) * levelWidth + cx) * 3;
      int to = y * pw * 3;
      for (int i = 0; i < cw * 3; i++) {
        input[to + i] = level[from + i] / 127.5f - 1f;
      }
    }
    return model.detect(input, pw, ph);
  }

  /**
   * RGB 0..255 to the model's [-1, 1] in place for the top-left {@code w x h} of a {@code pw x ph}
   * buffer; the rest, past the level's edge, becomes 0 (mid-gray), as the chunks' padding.
   */
  private static void toPaddedInput(float[] rgb, int pw, int ph, int w, int h) {
    for (int y = 0; y < ph; y++) {
      int row = y * pw * 3;
      int inside = y < h ? w * 3 : 0;
      for (int i = 0; i < pw * 3; i++) {
        rgb[row + i] = i < inside ? rgb[row + i] / 127.5f - 1f : 0f;
      }
    }
  }

  /**
   * Chunk origins along one side of a level: one chunk when the whole level has at most
   * {@link #CHUNK_PIXELS}, else as many chunks of equal length (at most {@link #CHUNK}) as cover it with
   * {@link #CHUNK_OVERLAP} between neighbours.
   */
  static int[] chunks(int length, int levelPixels) {
    if (levelPixels <= CHUNK_PIXELS || length <= CHUNK) {
      return new int[] {0};
    }
    int n = (int) Math.ceil((double) (length - CHUNK_OVERLAP) / (CHUNK - CHUNK_OVERLAP));
    int size = chunkLength(length, n);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = (int) Math.round((double) (length - size) * i / (n - 1));
    }
    return p;
  }

  /** The length of each of {@code n} equal chunks covering {@code length} with the overlap. */
  static int chunkLength(int length, int n) {
    return n == 1 ? length : (int) Math.ceil((double) (length + (n - 1) * CHUNK_OVERLAP) / n);
  }

  /** Detections of the 256-px pass over the whole image padded to a square, in image pixels. */
  private List<Detection> detectWhole(ImagePyramid pyramid) {
    RgbImage image = pyramid.base();
    int side = Math.max(image.width(), image.height());
    return model.detectRegions(pyramid, List.of(new Region(0, 0, side))).get(0);
  }

  /** A square region of an image, in image pixels. */
  public record Region(int x, int y, int side) {}

  private static int roundUp(int v) {
    return (v + STRIDE - 1) / STRIDE * STRIDE;
  }
}
