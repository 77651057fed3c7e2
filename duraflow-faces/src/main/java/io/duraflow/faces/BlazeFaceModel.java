package io.duraflow.faces;

import io.duraflow.faces.BlazeFaceDetector.Detection;
import io.duraflow.faces.BlazeFaceDetector.Region;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A MediaPipe BlazeFace-family detector graph and how to read it, shared by the short-range
 * {@link BlazeFaceDetector} and the {@link FullRangeFaceDetector}: square regions of an image go in as one
 * batch, scored boxes with key points in image pixels come out.
 *
 * <p>Both graphs take RGB scaled to [-1, 1]; per anchor they give one logit and 16 regressors: box centre
 * offset x, y and size w, h, then six key points (x, y), all in input pixels, offsets relative to the
 * anchor, which sits at its grid cell's centre. Score = sigmoid(logit); boxes scoring at least
 * {@link #MIN_SCORE} survive, then non-maximum suppression ({@link #suppress}). The graphs differ only in
 * input side, output ops and anchor grid: see {@link #SHORT_RANGE} and {@link #FULL_RANGE}.
 *
 * <p>Thread-safe: it only reads the shared model.
 */
final class BlazeFaceModel {
  static final float MIN_SCORE = 0.5f;
  static final float IOU_THRESHOLD = 0.3f;
  /** Regressors per anchor: box (4) and six key points (12). */
  static final int REGRESSORS = 16;

  /**
   * {@code blazeface.json}, the 256-px "back camera" model: outputs {@code Identity} (16x16 cells x 2
   * anchors at stride 16, 512 logits), {@code Identity_2} (their 512x16 regressors), {@code Identity_1}
   * and {@code Identity_3} (8x8 cells x 6 anchors at stride 32: 384 logits and 384x16 regressors).
   */
  static final Layout SHORT_RANGE = new Layout(256,
      new String[] {"Identity", "Identity_2", "Identity_1", "Identity_3"},
      new Head(0, 1, 1, REGRESSORS, 0, 16, 2), new Head(2, 1, 3, REGRESSORS, 0, 32, 6));

  /**
   * {@code facemesh-detection-full.json}, MediaPipe's full-range model: input 192 px, one output
   * {@code Identity} of shape [N, 2304, 17] (logit, then the 16 regressors) for 48x48 cells x 1 anchor at
   * stride 4. ({@code Identity_1}, a person head of the same shape, is not used.)
   */
  static final Layout FULL_RANGE = new Layout(192, new String[] {"Identity"},
      new Head(0, 1 + REGRESSORS, 0, 1 + REGRESSORS, 1, 4, 1));

  private final TfjsGraphModel model;
  private final Layout layout;

  BlazeFaceModel(TfjsGraphModel model, Layout layout) {
    this.model = model;
    this.layout = layout;
  }

  Layout layout() {
    return layout;
  }

  /**
   * The raw outputs ({@link Layout#outputs} order) of each input ({@code side x side x 3} values in
   * [-1, 1]), in one model call when the graph takes a batch, else one call per input.
   */
  float[][][] runBatch(List<float[]> inputs) {
    long[] item = {layout.input, layout.input, 3};
    if (model.batchFree()) {
      return model.runBatch(inputs, item, layout.outputs);
    }
    float[][][] out = new float[inputs.size()][][];
    for (int i = 0; i < inputs.size(); i++) {
      out[i] = model.run(inputs.get(i), new long[] {1, item[0], item[1], item[2]}, layout.outputs);
    }
    return out;
  }

  /**
   * The detections in each square region, in image pixels, after NMS within the region; all regions go
   * through the model in one batch. Parts of a region outside the image read as black.
   */
  List<List<Detection>> detectRegions(ImagePyramid pyramid, List<Region> regions) {
    return detectRegions(pyramid, regions, MIN_SCORE);
  }

  /** Like {@link #detectRegions(ImagePyramid, List)}, keeping boxes that score at least {@code minScore}. */
  List<List<Detection>> detectRegions(ImagePyramid pyramid, List<Region> regions, double minScore) {
    int side = layout.input;
    List<float[]> inputs = new ArrayList<>(regions.size());
    for (Region r : regions) {
      inputs.add(toInput(pyramid.sample(r.x(), r.y(), r.side(), r.side(), side, side, true)));
    }
    float[][][] out = runBatch(inputs);
    List<List<Detection>> found = new ArrayList<>(regions.size());
    for (int i = 0; i < regions.size(); i++) {
      Region r = regions.get(i);
      double scale = (double) r.side() / side;
      List<Detection> mapped = new ArrayList<>();
      for (Detection d : layout.decode(out[i], side, side, minScore)) {
        mapped.add(d.mapped(r.x(), r.y(), scale));
      }
      found.add(mapped);
    }
    return found;
  }

  /**
   * The detections of one input of any {@code width x height} (multiples of 32), in input pixels: only for
   * a graph loaded with a free input size ({@link TfjsGraphRewrites#freeInputSize}).
   */
  List<Detection> detect(float[] input, int width, int height) {
    return layout.decode(model.run(input, new long[] {1, height, width, 3}, layout.outputs), width, height);
  }

  /** RGB 0..255 to the models' [-1, 1], in place. */
  static float[] toInput(float[] rgb) {
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = rgb[i] / 127.5f - 1f;
    }
    return rgb;
  }

  /**
   * Greedy non-maximum suppression: keeps the best box and drops those overlapping it with IoU above
   * {@link #IOU_THRESHOLD}, or lying mostly inside it (the same face seen at two pyramid levels).
   */
  static List<Detection> suppress(List<Detection> detections) {
    List<Detection> sorted = new ArrayList<>(detections);
    sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
    List<Detection> kept = new ArrayList<>();
    for (Detection d : sorted) {
      boolean overlaps = false;
      for (Detection k : kept) {
        if (overlaps(k, d)) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) {
        kept.add(d);
      }
    }
    return kept;
  }

  /** Intersection over union of two boxes. */
  static double iou(Detection a, Detection b) {
    double inter = Math.max(0, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()))
        * Math.max(0, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()));
    double union = a.area() + b.area() - inter;
    return union <= 0 ? 0 : inter / union;
  }

  /** Whether {@code d} is the same face as {@code k} for suppression: IoU above the threshold, or mostly inside. */
  private static boolean overlaps(Detection k, Detection d) {
    double inter = Math.max(0, Math.min(d.x2(), k.x2()) - Math.max(d.x1(), k.x1()))
        * Math.max(0, Math.min(d.y2(), k.y2()) - Math.max(d.y1(), k.y1()));
    double union = d.area() + k.area() - inter;
    double smaller = Math.min(d.area(), k.area());
    return (union > 0 && inter / union > IOU_THRESHOLD) || (smaller > 0 && inter / smaller > 0.7);
  }

  /**
   * One anchor grid of a graph: the logit of anchor {@code i} is value {@code i * scoreStep} of output
   * {@code scoreOutput}, its regressors start at {@code i * regStep + regOffset} of output
   * {@code regOutput}; the grid has {@code input / cellStride} cells a side, {@code anchorsPerCell} each,
   * in row-major order.
   */
  record Head(int scoreOutput, int scoreStep, int regOutput, int regStep, int regOffset, int cellStride,
      int anchorsPerCell) {}

  /** A graph's input side, output ops and anchor grids; decodes one input's outputs. */
  static final class Layout {
    private final int input;
    private final String[] outputs;
    private final Head[] heads;

    Layout(int input, String[] outputs, Head... heads) {
      this.input = input;
      this.outputs = outputs;
      this.heads = heads;
    }

    /** The input side in pixels the graph was trained on. */
    int input() {
      return input;
    }

    /** The output ops to fetch, in the order {@link #decode} reads them. */
    String[] outputs() {
      return outputs.clone();
    }

    /** {@link #decode(float[][], int, int)} for the square input the graph was trained on. */
    List<Detection> decode(float[][] out) {
      return decode(out, input, input);
    }

    /**
     * Boxes of one input of {@code width x height} pixels (multiples of the coarsest cell stride), in
     * input pixels, scoring at least {@link #MIN_SCORE}, after NMS. The anchors sit at the cell centres
     * of each head's grid, row-major.
     */
    List<Detection> decode(float[][] out, int width, int height) {
      return decode(out, width, height, MIN_SCORE);
    }

    /** Like {@link #decode(float[][], int, int)}, keeping boxes that score at least {@code minScore}. */
    List<Detection> decode(float[][] out, int width, int height, double minScore) {
      List<Detection> candidates = new ArrayList<>();
      for (Head h : heads) {
        float[] scores = out[h.scoreOutput];
        float[] regs = out[h.regOutput];
        int cellsX = width / h.cellStride;
        int count = cellsX * (height / h.cellStride) * h.anchorsPerCell;
        if (scores.length / h.scoreStep != count) {
          throw new IllegalStateException("the model gave " + scores.length / h.scoreStep + " anchors, not " + count);
        }
        for (int i = 0; i < count; i++) {
          double score = 1 / (1 + Math.exp(-scores[i * h.scoreStep]));
          if (score < minScore) {
            continue;
          }
          int cell = i / h.anchorsPerCell;
          float ax = h.cellStride * (cell % cellsX + 0.5f);
          float ay = h.cellStride * (cell / cellsX + 0.5f);
          int r = i * h.regStep + h.regOffset;
          double cx = regs[r] + ax;
          double cy = regs[r + 1] + ay;
          double w = regs[r + 2];
          double hgt = regs[r + 3];
          float[] keypoints = new float[BlazeFaceDetector.KEYPOINTS * 2];
          for (int k = 0; k < BlazeFaceDetector.KEYPOINTS; k++) {
            keypoints[k * 2] = regs[r + 4 + k * 2] + ax;
            keypoints[k * 2 + 1] = regs[r + 5 + k * 2] + ay;
          }
          candidates.add(new Detection(cx - w / 2, cy - hgt / 2, cx + w / 2, cy + hgt / 2, score, keypoints));
        }
      }
      return suppress(candidates);
    }
  }
}
