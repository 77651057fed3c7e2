package io.duraflow.faces;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds faces with MediaPipe BlazeFace (the 256x256 "back camera" model of {@code human-models}; its
 * layout and decoding are in {@link BlazeFaceModel#SHORT_RANGE}).
 *
 * <p>Large images: at 256 px a face smaller than about 20 input pixels is lost, i.e. a 60-px face in a
 * 1920-px photo. {@link #detect} therefore runs an image pyramid: the whole image (padded to a square),
 * then overlapping square tiles {@link #TILE_SHRINK} as large per level down to {@code minTile} pixels; a detection cut
 * by an inner tile edge is dropped because a neighbouring tile or coarser level sees the whole face.
 *
 * <p>Thread-safe: it only reads the shared model.
 */
public final class BlazeFaceDetector {
  static final int INPUT = BlazeFaceModel.SHORT_RANGE.input();
  /** Output ops: scores and regressors of the stride-16 and stride-32 anchors. */
  static final String[] OUTPUTS = BlazeFaceModel.SHORT_RANGE.outputs();
  /**
   * Tile side relative to the previous pyramid level. 0.6 rather than 0.5: a 1920x1280 photo then needs
   * 2x2 tiles instead of 3x2 at the first level (5 detector runs instead of 7), for faces down to about
   * 90 px instead of 75 px.
   */
  static final double TILE_SHRINK = 0.6;
  /** The smallest tile relative to the image's longer side. */
  static final double MIN_TILE_FRACTION = 0.3;

  private final BlazeFaceModel model;
  private final int minTile;

  /**
   * @param model the short-range graph ({@code blazeface})
   * @param minTile the smallest tile side in image pixels; smaller finds smaller faces at the cost of
   *     more model runs ({@code Integer.MAX_VALUE} disables tiling)
   */
  public BlazeFaceDetector(TfjsGraphModel model, int minTile) {
    this.model = new BlazeFaceModel(model, BlazeFaceModel.SHORT_RANGE);
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

  /** A square region of an image: top-left corner (x, y) and side, in image pixels. */
  public record Region(int x, int y, int side) {}

  /** All faces in {@code image}, best first. */
  public List<Detection> detect(RgbImage image) {
    return detect(new ImagePyramid(image));
  }

  List<Detection> detect(ImagePyramid pyramid) {
    RgbImage image = pyramid.base();
    List<Detection> all = new ArrayList<>();
    int side = Math.max(image.width(), image.height());
    all.addAll(detectRegion(pyramid, new Region(0, 0, side), false));
    // Tiles stop at minTile pixels, and at a fraction of the image so that a 4000-px photo costs 17 runs,
    // not 47: faces smaller than about 3 % of the image side are not looked for.
    int smallest = Math.max(minTile, (int) (side * MIN_TILE_FRACTION));
    for (int tile = (int) (side * TILE_SHRINK); tile >= smallest; tile = (int) (tile * TILE_SHRINK)) {
      for (int ty : positions(image.height(), tile)) {
        for (int tx : positions(image.width(), tile)) {
          all.addAll(detectRegion(pyramid, new Region(tx, ty, tile), true));
        }
      }
    }
    return BlazeFaceModel.suppress(all);
  }

  /**
   * The faces in each square region, in image pixels, after NMS within each region (not across them);
   * all regions go through the model in one batch: cheaper than one run per region.
   */
  List<List<Detection>> detectRegions(ImagePyramid pyramid, List<Region> regions) {
    return model.detectRegions(pyramid, regions);
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

  /** Detections in one region, without those cut by an inner edge of the region if {@code dropCut}. */
  private List<Detection> detectRegion(ImagePyramid pyramid, Region region, boolean dropCut) {
    List<Detection> found = new ArrayList<>(detectRegions(pyramid, List.of(region)).get(0));
    if (dropCut) {
      found.removeIf(d -> cutByInnerEdge(d, region, pyramid.base()));
    }
    return found;
  }

  /** Whether {@code d} touches (within 1 %) an edge of {@code r} that lies inside the image. */
  static boolean cutByInnerEdge(Detection d, Region r, RgbImage image) {
    double margin = 0.01 * r.side();
    boolean leftInner = r.x() > 0;
    boolean topInner = r.y() > 0;
    boolean rightInner = r.x() + r.side() < image.width();
    boolean bottomInner = r.y() + r.side() < image.height();
    return (leftInner && d.x1() < r.x() + margin) || (topInner && d.y1() < r.y() + margin)
        || (rightInner && d.x2() > r.x() + r.side() - margin) || (bottomInner && d.y2() > r.y() + r.side() - margin);
  }
}
