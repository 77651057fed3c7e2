package io.duraflow.faces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds faces with MediaPipe BlazeFace (the 256x256 "back camera" model of {@code human-models}).
 *
 * <p>Model facts: input 1x256x256x3 scaled to [-1, 1]; 896 anchors, 16x16 cells x 2 at stride 16 then
 * 8x8 cells x 6 at stride 32, each anchor at its cell centre in input pixels; per anchor one logit and
 * 16 regressors (box centre offset x, y and size w, h in input pixels, then six key points). Box centre =
 * offset + anchor, score = sigmoid(logit); boxes scoring at least {@link #MIN_SCORE} survive, then
 * non-maximum suppression at IoU {@link #IOU_THRESHOLD}.
 *
 * <p>Large images: at 256 px a face smaller than about 20 input pixels is lost, i.e. a 60-px face in a
 * 1920-px photo. {@link #detect} therefore runs an image pyramid: the whole image (padded to a square),
 * then overlapping square tiles {@link #TILE_SHRINK} as large per level down to {@code minTile} pixels; a detection cut
 * by an inner tile edge is dropped because a neighbouring tile or coarser level sees the whole face.
 *
 * <p>Thread-safe: it only reads the shared model.
 */
public final class BlazeFaceDetector {
  static final int INPUT = 256;
  static final float MIN_SCORE = 0.5f;
  static final float IOU_THRESHOLD = 0.3f;
  /** Output ops: scores and regressors of the stride-16 and stride-32 anchors. */
  static final String[] OUTPUTS = {"Identity", "Identity_2", "Identity_1", "Identity_3"};
  static final float[] ANCHORS = anchors();
  /**
   * Tile side relative to the previous pyramid level. 0.6 rather than 0.5: a 1920x1280 photo then needs
   * 2x2 tiles instead of 3x2 at the first level (5 detector runs instead of 7), for faces down to about
   * 90 px instead of 75 px.
   */
  static final double TILE_SHRINK = 0.6;
  /** The smallest tile relative to the image's longer side. */
  static final double MIN_TILE_FRACTION = 0.3;

  private final TfjsGraphModel model;
  private final int minTile;

  /**
   * @param minTile the smallest tile side in image pixels; smaller finds smaller faces at the cost of
   *     more model runs ({@code Integer.MAX_VALUE} disables tiling)
   */
  public BlazeFaceDetector(TfjsGraphModel model, int minTile) {
    this.model = model;
    this.minTile = Math.max(INPUT, minTile);
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
    int side = Math.max(image.width(), image.height());
    all.addAll(detectRegion(pyramid, 0, 0, side, false));
    // Tiles stop at minTile pixels, and at a fraction of the image so that a 4000-px photo costs 17 runs,
    // not 47: faces smaller than about 3 % of the image side are not looked for.
    int smallest = Math.max(minTile, (int) (side * MIN_TILE_FRACTION));
    for (int tile = (int) (side * TILE_SHRINK); tile >= smallest; tile = (int) (tile * TILE_SHRINK)) {
      for (int ty : positions(image.height(), tile)) {
        for (int tx : positions(image.width(), tile)) {
          all.addAll(detectRegion(pyramid, tx, ty, tile, true));
        }
      }
    }
    return suppress(all);
  }

  /** Tile origins covering {@code length} with tiles of {@code tile} overlapping by at least a quarter. */
  static int[] positions(int length, int tile) {
    if (length <= tile) {
      return new int[] {0};
    }
    int n = (int) Math.ceil((length - tile) / (0.75 * tile)) + 1;
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = (int) Math.round((double) (length - tile) * i / (n - 1));
    }
    return p;
  }

  /** Detections in the square region at (x, y) of side {@code side}, mapped back to image pixels. */
  private List<Detection> detectRegion(ImagePyramid pyramid, int x, int y, int side, boolean dropCut) {
    RgbImage image = pyramid.base();
    float[] input = toInput(pyramid.sample(x, y, side, side, INPUT, INPUT, true));
    float[][] out = model.run(input, new long[] {1, INPUT, INPUT, 3}, OUTPUTS);
    List<Detection> found = decode(out);
    double scale = (double) side / INPUT;
    double margin = 0.01 * INPUT;
    List<Detection> mapped = new ArrayList<>();
    for (Detection d : found) {
      if (dropCut && cutByInnerEdge(d, x, y, side, image, margin)) {
        continue;
      }
      mapped.add(d.mapped(x, y, scale));
    }
    return mapped;
  }

  private static boolean cutByInnerEdge(Detection d, int x, int y, int side, RgbImage image, double margin) {
    boolean leftInner = x > 0;
    boolean topInner = y > 0;
    boolean rightInner = x + side < image.width();
    boolean bottomInner = y + side < image.height();
    return (leftInner && d.x1 < margin) || (topInner && d.y1 < margin)
        || (rightInner && d.x2 > INPUT - margin) || (bottomInner && d.y2 > INPUT - margin);
  }

  /** RGB 0..255 to the model's [-1, 1]. */
  static float[] toInput(float[] rgb) {
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = rgb[i] / 127.5f - 1f;
    }
    return rgb;
  }

  /**
   * Decodes the model's four outputs ({@link #OUTPUTS} order) into boxes in 256-px input coordinates
   * scoring at least {@link #MIN_SCORE}, after NMS.
   */
  static List<Detection> decode(float[][] out) {
    List<Detection> candidates = new ArrayList<>();
    int anchor = 0;
    for (int part = 0; part < 2; part++) {
      float[] scores = out[part * 2];
      float[] regs = out[part * 2 + 1];
      for (int i = 0; i < scores.length; i++, anchor++) {
        double score = 1 / (1 + Math.exp(-scores[i]));
        if (score < MIN_SCORE) {
          continue;
        }
        double cx = regs[i * 16] + ANCHORS[anchor * 2];
        double cy = regs[i * 16 + 1] + ANCHORS[anchor * 2 + 1];
        double w = regs[i * 16 + 2];
        double h = regs[i * 16 + 3];
        float[] keypoints = new float[KEYPOINTS * 2];
        for (int k = 0; k < KEYPOINTS; k++) {
          keypoints[k * 2] = regs[i * 16 + 4 + k * 2] + ANCHORS[anchor * 2];
          keypoints[k * 2 + 1] = regs[i * 16 + 5 + k * 2] + ANCHORS[anchor * 2 + 1];
        }
        candidates.add(new Detection(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, keypoints));
      }
    }
    return suppress(candidates);
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
        double inter = Math.max(0, Math.min(d.x2, k.x2) - Math.max(d.x1, k.x1))
            * Math.max(0, Math.min(d.y2, k.y2) - Math.max(d.y1, k.y1));
        double union = d.area() + k.area() - inter;
        double smaller = Math.min(d.area(), k.area());
        if ((union > 0 && inter / union > IOU_THRESHOLD) || (smaller > 0 && inter / smaller > 0.7)) {
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

  /** Anchor centres (x, y) in input pixels, in the order of the concatenated model outputs. */
  private static float[] anchors() {
    int[][] layers = {{16, 2}, {32, 6}};
    List<float[]> list = new ArrayList<>();
    for (int[] layer : layers) {
      int stride = layer[0];
      int cells = INPUT / stride;
      for (int gy = 0; gy < cells; gy++) {
        for (int gx = 0; gx < cells; gx++) {
          for (int n = 0; n < layer[1]; n++) {
            list.add(new float[] {stride * (gx + 0.5f), stride * (gy + 0.5f)});
          }
        }
      }
    }
    float[] a = new float[list.size() * 2];
    for (int i = 0; i < list.size(); i++) {
      a[i * 2] = list.get(i)[0];
      a[i * 2 + 1] = list.get(i)[1];
    }
    return a;
  }
}
