package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real models on real photos: the face-api 1.7.15 demo samples (1920-px group photos of 3 to 5 people),
 * fetched at build time. Ground truth counted by eye on annotated outputs.
 */
class FaceAnalyzerTest {
  private static final FaceAnalyzer ANALYZER = FaceAnalyzer.of(FaceOptions.defaults());
  private static final Map<String, FaceAnalyzer.Analysis> CACHE = new ConcurrentHashMap<>();

  static FaceAnalyzer.Analysis analyze(String photo) {
    return CACHE.computeIfAbsent(photo, p -> ANALYZER.analyze(ImageDecoder.decode(TestImages.photo(p), p)));
  }

  @ParameterizedTest(name = "{0} has {1} faces")
  @CsvSource({"sample1.jpg, 3", "sample2.jpg, 3", "sample3.jpg, 3", "sample4.jpg, 4", "sample5.jpg, 5", "sample6.jpg, 4"})
  void analyze_groupPhoto_findsEveryFace(String photo, int people) {
    List<FaceScore> faces = analyze(photo).faces();
    // One spare: a borderline false positive may appear with other CPU kernels; a missed face may not.
    assertThat(faces).hasSizeBetween(people, people + 1);
    for (FaceScore f : faces) {
      assertThat(f.happiness()).isBetween(0.0, 1.0);
      assertThat(f.confidence()).isBetween(FaceOptions.defaults().minConfidence(), 1.0);
      assertThat(f.box().w()).isBetween(100, 400); // faces in these photos are 160 to 260 px wide
    }
  }

  @Test
  void analyze_smilingFaces_scoreAboveNeutralOnes() {
    // sample3: the two women on the right beam; sample6: the second from the left laughs.
    double smilingMin = Math.min(Math.min(faceAt("sample3.jpg", 1067, 264).happiness(),
        faceAt("sample3.jpg", 1464, 343).happiness()), faceAt("sample6.jpg", 655, 375).happiness());
    // sample2: three neutral faces looking down or aside; sample3 left and sample6 third: pouting.
    double neutralMax = 0;
    for (FaceScore f : analyze("sample2.jpg").faces()) {
      neutralMax = Math.max(neutralMax, f.happiness());
    }
    neutralMax = Math.max(neutralMax, faceAt("sample3.jpg", 574, 368).happiness());
    neutralMax = Math.max(neutralMax, faceAt("sample6.jpg", 1146, 344).happiness());

    // Far apart, not just on either side of 0.5 (the calibration's slope of 0.79 pulls the ends in a little).
    assertThat(smilingMin).isGreaterThan(0.8);
    assertThat(neutralMax).isLessThan(0.3);
  }

  @Test
  void analyze_everyFace_carriesTheSevenProbabilitiesAndRawHappiness() {
    for (String photo : List.of("sample1.jpg", "sample3.jpg")) {
      for (FaceScore f : analyze(photo).faces()) {
        assertThat(f.emotions().keySet()).containsExactlyElementsOf(EmotionClassifier.LABELS);
        double sum = f.emotions().values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(sum).as("softmax, rounded to 4 decimals").isBetween(0.9990, 1.0010);
        assertThat(f.happinessRaw()).isEqualTo(f.emotions().get("happy"));
        // The default calibration is increasing: it keeps a face's side of the middle roughly and its order.
        assertThat(f.happiness()).isCloseTo(HappinessCalibration.DEFAULT.apply(f.happinessRaw()),
            org.assertj.core.data.Offset.offset(1e-3));
      }
    }
  }

  @Test
  void analyze_withCalibration_mapsRawHappinessThroughIt() {
    HappinessCalibration c = new HappinessCalibration(0.5, -1);
    FaceAnalyzer calibrated = new FaceAnalyzer(FaceModels.shared(), FaceOptions.defaults().minFaceSize(),
        FaceOptions.defaults().minConfidence(), c);
    // happinessRaw is rounded to 4 decimals, hence the tolerance.
    List<FaceScore> faces = calibrated.analyze(ImageDecoder.decode(TestImages.photo("sample3.jpg"), "sample3")).faces();
    assertThat(faces).isNotEmpty().allSatisfy(f ->
        assertThat(f.happiness()).isCloseTo(c.apply(f.happinessRaw()), org.assertj.core.data.Offset.offset(1e-3)));
  }

  @Test
  void analyze_smallFacesInLargeImage_needTheFinerLevels() {
    // sample3 shrunk to 800 px (faces about 100 px wide) on a 1920x1280 canvas: at 256 px for the whole
    // image a face is 13 px, below what BlazeFace sees; the finest level brings it to about 60 px.
    BufferedImage photo = TestImages.toBuffered(ImageDecoder.decode(TestImages.photo("sample3.jpg"), "sample3"));
    BufferedImage canvas = new BufferedImage(1920, 1280, BufferedImage.TYPE_INT_RGB);
    var g = canvas.createGraphics();
    g.setColor(new java.awt.Color(120, 120, 120));
    g.fillRect(0, 0, 1920, 1280);
    g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(photo, 1000, 600, 800, 563, null);
    g.dispose();
    RgbImage image = RgbImage.of(canvas);

    FaceAnalyzer wholeImageOnly = FaceAnalyzer.of(FaceOptions.builder().minFaceSize(Integer.MAX_VALUE).build());
    assertThat(wholeImageOnly.analyze(image).faces()).hasSizeLessThan(3);
    List<FaceScore> faces = ANALYZER.analyze(image).faces();
    // Every face found in the full-size photo is found, shrunk, where it was pasted. (The door plate at
    // the photo's top left, two screws and a handle, may be taken for a face at this size, as by people.)
    double k = 800.0 / 1920;
    for (FaceScore big : analyze("sample3.jpg").faces()) {
      double cx = 1000 + (big.box().x() + big.box().w() / 2.0) * k;
      double cy = 600 + (big.box().y() + big.box().h() / 2.0) * k;
      assertThat(faces).as("the face at %s, shrunk", big.box()).anySatisfy(f -> {
        assertThat(Math.abs(f.box().x() + f.box().w() / 2.0 - cx)).isLessThan(f.box().w() / 3.0);
        assertThat(Math.abs(f.box().y() + f.box().h() / 2.0 - cy)).isLessThan(f.box().h() / 3.0);
      });
    }
    assertThat(faces).hasSizeBetween(3, 4).allSatisfy(f -> assertThat(f.box().x()).isGreaterThan(1000));
  }

  @Test
  void analyze_fromManyThreadsAtOnce_givesTheSameResults() throws Exception {
    RgbImage image = ImageDecoder.decode(TestImages.photo("sample4.jpg"), "sample4");
    List<FaceScore> expected = ANALYZER.analyze(image).faces();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<List<FaceScore>>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> ANALYZER.analyze(image).faces()));
      }
      for (var f : futures) {
        assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void analyze_landscape_findsNoFace() {
    RgbImage landscape = RgbImage.of(TestImages.landscape());
    assertThat(ANALYZER.analyze(landscape).faces()).isEmpty();
  }

  @Test
  void analyze_flatImage_findsNoFace() {
    BufferedImage gray = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    assertThat(ANALYZER.analyze(RgbImage.of(gray)).faces()).isEmpty();
  }

  @Test
  void analyze_smallImageOfOneFace_findsIt() {
    // A 400-px crop around one face of sample3, then shrunk: exercises the no-tiling path.
    RgbImage full = ImageDecoder.decode(TestImages.photo("sample3.jpg"), "sample3");
    BufferedImage crop = TestImages.toBuffered(full).getSubimage(900, 100, 600, 600);
    BufferedImage small = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
    small.createGraphics().drawImage(crop, 0, 0, 300, 300, null);
    List<FaceScore> faces = ANALYZER.analyze(RgbImage.of(small)).faces();
    assertThat(faces).hasSize(1);
    assertThat(faces.get(0).happiness()).isGreaterThan(0.8);
  }

  @Test
  void analyze_exifRotatedJpeg_isTurnedUprightFirst() throws Exception {
    // Store sample6 rotated 90 degrees counter-clockwise with EXIF orientation 6 ("rotate 90 clockwise to view").
    RgbImage upright = ImageDecoder.decode(TestImages.photo("sample6.jpg"), "sample6");
    BufferedImage src = TestImages.toBuffered(upright);
    BufferedImage stored = ImageDecoder.orient(src, 8);
    byte[] jpeg = TestImages.withExifOrientation(TestImages.encode(stored, "jpg"), 6);
    assertThat(ExifOrientation.of(jpeg)).isEqualTo(6);

    RgbImage decoded = ImageDecoder.decode(jpeg, "rotated");
    assertThat(decoded.width()).isEqualTo(upright.width());
    assertThat(decoded.height()).isEqualTo(upright.height());
    List<FaceScore> faces = ANALYZER.analyze(decoded).faces();
    assertThat(faces).hasSizeBetween(4, 5);
    // Boxes are in upright coordinates: each matches a face of the upright photo (JPEG re-encoding aside).
    for (FaceScore f : faces) {
      assertThat(analyze("sample6.jpg").faces())
          .anySatisfy(u -> {
            assertThat(Math.abs(u.box().x() - f.box().x())).isLessThan(30);
            assertThat(Math.abs(u.box().y() - f.box().y())).isLessThan(30);
          });
    }
  }

  private static FaceScore faceAt(String photo, int x, int y) {
    return analyze(photo).faces().stream()
        .filter(f -> Math.abs(f.box().x() - x) < 60 && Math.abs(f.box().y() - y) < 60)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no face near " + x + "," + y + " in " + photo + ": " + analyze(photo)));
  }
}
