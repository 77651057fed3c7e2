package io.duraflow.faces;

import io.duraflow.faces.BlazeFaceDetector.Detection;
import io.duraflow.faces.BlazeFaceDetector.Region;
import java.util.List;

/**
 * Finds faces with MediaPipe's full-range BlazeFace ({@code facemesh-detection-full} of
 * {@code human-models}; layout in {@link BlazeFaceModel#FULL_RANGE}): a 192-px input with anchors every 4
 * input pixels. Measured on the demo photos (docs/faces.md, "Full-range model"), it finds most faces down
 * to about 6 % of the region's side (12 input pixels) and few below 5 %: no smaller, relative to the
 * region, than the 256-px short-range model finds, but at a lower cost per region.
 *
 * <p>The graph needs one rewrite to run on TensorFlow ({@link TfjsGraphRewrites#splitFusedDepthwise}) and
 * takes any batch, so {@link #detectRegions} runs many regions in one model call.
 *
 * <p>Thread-safe: it only reads the shared model.
 */
public final class FullRangeFaceDetector {
  /** The model's base name under {@code models/} in the jar. */
  public static final String MODEL = "facemesh-detection-full";
  static final int INPUT = BlazeFaceModel.FULL_RANGE.input();

  private final BlazeFaceModel model;

  /** @param model the full-range graph ({@link #MODEL}) */
  public FullRangeFaceDetector(TfjsGraphModel model) {
    this.model = new BlazeFaceModel(model, BlazeFaceModel.FULL_RANGE);
  }

  /** All faces in {@code image} (padded bottom/right to a square, black), best first, in image pixels. */
  public List<Detection> detect(RgbImage image) {
    return detect(new ImagePyramid(image), new Region(0, 0, Math.max(image.width(), image.height())));
  }

  /** The faces in one square region of the image, best first, in image pixels. */
  List<Detection> detect(ImagePyramid pyramid, Region region) {
    return detectRegions(pyramid, List.of(region)).get(0);
  }

  /**
   * The faces in each square region, in image pixels, after NMS within each region (not across them);
   * all regions go through the model in one batch.
   */
  List<List<Detection>> detectRegions(ImagePyramid pyramid, List<Region> regions) {
    return model.detectRegions(pyramid, regions);
  }

  /** Like {@link #detectRegions(ImagePyramid, List)}, keeping boxes that score at least {@code minScore}. */
  List<List<Detection>> detectRegions(ImagePyramid pyramid, List<Region> regions, double minScore) {
    return model.detectRegions(pyramid, regions, minScore);
  }
}
