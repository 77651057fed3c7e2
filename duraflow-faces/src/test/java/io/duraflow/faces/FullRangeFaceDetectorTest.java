package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.faces.BlazeFaceDetector.Detection;
import io.duraflow.faces.BlazeFaceDetector.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The full-range model (192 px, 2304 anchors) on the face-api demo photos, against the short-range one. */
class FullRangeFaceDetectorTest {
  private static final TfjsGraphModel FULL = TfjsGraphModel.loadResource("models", FullRangeFaceDetector.MODEL, 0);
  private static final FullRangeFaceDetector DETECTOR = new FullRangeFaceDetector(FULL);
  /** The short-range model, whole image only (no finer levels). */
  private static final BlazeFaceDetector SHORT_WHOLE =
      new BlazeFaceDetector(FaceModels.shared().detector(), Integer.MAX_VALUE);
  /** A detector score both models' real faces in these photos reach, and their stray boxes stay under. */
  private static final double MIN_CONFIDENCE = 0.6;

  @AfterAll
  static void close() {
    FULL.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sample1.jpg", "sample2.jpg", "sample3.jpg", "sample4.jpg", "sample5.jpg", "sample6.jpg"})
  void detect_demoPhoto_findsTheFacesOfTheShortRangeModel(String photo) {
    // The full-range model on the whole image (faces of about 20 input pixels) against the faces the
    // analyzer reports (short-range model over its scale levels, checked by eye: 3 to 5 people per photo).
    RgbImage image = ImageDecoder.decode(TestImages.photo(photo), photo);
    List<FaceScore> expected = FaceAnalyzerTest.analyze(photo).faces();
    List<Detection> found = confident(DETECTOR.detect(image));

    assertThat(expected).isNotEmpty();
    assertThat(found).hasSameSizeAs(expected);
    for (FaceScore e : expected) {
      FaceBox b = e.box();
      Detection box = new Detection(b.x(), b.y(), b.x() + b.w(), b.y() + b.h(), 1, new float[12]);
      assertThat(found).as("a full-range box for the face at %d,%d", b.x(), b.y())
          .anySatisfy(f -> assertThat(iou(f, box)).isGreaterThanOrEqualTo(0.5));
    }
    for (Detection f : found) {
      // Key points in image pixels: eyes, nose and mouth lie inside the face's own box.
      for (int k : new int[] {BlazeFaceDetector.RIGHT_EYE, BlazeFaceDetector.LEFT_EYE, BlazeFaceDetector.NOSE,
          BlazeFaceDetector.MOUTH}) {
        assertThat(f.keypointX(k)).as("key point %d", k).isBetween(f.x1(), f.x2());
        assertThat(f.keypointY(k)).as("key point %d", k).isBetween(f.y1(), f.y2());
      }
      assertThat(f.keypointY(BlazeFaceDetector.MOUTH)).isGreaterThan(f.keypointY(BlazeFaceDetector.RIGHT_EYE));
    }
  }

  @Test
  void detectRegions_facesOf35PxInA1920PxImage_areFoundWhereTheWholeImagePassMissesThem() {
    // sample5 (five faces of 155 to 255 px) shrunk 6 times, at (800, 500) on a gray 1920x1280 canvas.
    int x0 = 800;
    int y0 = 500;
    RgbImage image = onCanvas(ImageDecoder.decode(TestImages.photo("sample5.jpg"), "sample5"), 6, x0, y0);
    int photoW = 1920 / 6;
    int photoH = 1398 / 6;
    assertThat(confident(SHORT_WHOLE.detect(image))).as("short-range, whole image").isEmpty();

    // Tiles of 320 px (faces of about 20 input pixels), overlapping by a quarter, all in one model call.
    ImagePyramid pyramid = new ImagePyramid(image);
    List<Region> tiles = new ArrayList<>();
    for (int y : positions(image.height(), 320)) {
      for (int x : positions(image.width(), 320)) {
        tiles.add(new Region(x, y, 320));
      }
    }
    List<List<Detection>> perTile = DETECTOR.detectRegions(pyramid, tiles);
    assertThat(perTile).hasSameSizeAs(tiles);
    List<Detection> all = new ArrayList<>();
    for (int i = 0; i < tiles.size(); i++) {
      Region tile = tiles.get(i);
      perTile.get(i).stream().filter(d -> !cutByInnerEdge(d, tile, image)).forEach(all::add);
    }
    List<Detection> faces = confident(BlazeFaceModel.suppress(all));

    assertThat(faces).hasSizeGreaterThanOrEqualTo(4);
    for (Detection f : faces) {
      assertThat(f.x1()).isBetween(x0 - 10.0, x0 + photoW + 10.0);
      assertThat(f.y1()).isBetween(y0 - 10.0, y0 + photoH + 10.0);
      assertThat(f.x2() - f.x1()).isBetween(20.0, 60.0);
    }
  }

  private static List<Detection> confident(List<Detection> detections) {
    return detections.stream().filter(d -> d.score() >= MIN_CONFIDENCE).toList();
  }

  static double iou(Detection a, Detection b) {
    double inter = Math.max(0, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()))
        * Math.max(0, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()));
    return inter / (a.area() + b.area() - inter);
  }

  /** {@code photo} shrunk {@code factor} times (area-filtered) at (x0, y0) on a gray 1920x1280 canvas. */
  static RgbImage onCanvas(RgbImage photo, int factor, int x0, int y0) {
    int w = photo.width() / factor;
    int h = photo.height() / factor;
    float[] small = new ImagePyramid(photo).sample(0, 0, w * factor, h * factor, w, h, false);
    int[] canvas = new int[1920 * 1280];
    Arrays.fill(canvas, 0x787878);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        canvas[(y0 + y) * 1920 + x0 + x] = (channel(small[i]) << 16) | (channel(small[i + 1]) << 8) | channel(small[i + 2]);
      }
    }
    return new RgbImage(1920, 1280, canvas);
  }

  private static int channel(float v) {
    return Math.max(0, Math.min(255, Math.round(v)));
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
