package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.Point2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The real models on the demo photos made harder: darkened to 35 %, contrast cut to 30 %, the whole photo
 * rotated by 35 degrees, and the photo cropped tightly to one face. Faces picked by eye (annotated with
 * {@link AnnotateMain}): broad or clear smiles, and clearly neutral or pouting faces. Each must stay on
 * its side of 0.5; the exact scores are the model's business.
 *
 * <p>Before the crop was aligned and its contrast normalised, 10 of these 51 cases failed: 9 smiles below 0.5
 * (down to 0.06: both darkened, three at low contrast, three rotated, one tight crop) and one pout at 0.70
 * at low contrast (see docs/faces.md, "Happiness").
 */
class HappinessRobustnessTest {
  private static final FaceAnalyzer ANALYZER = FaceAnalyzer.of(FaceOptions.defaults());
  private static final Map<String, RgbImage> PHOTOS = new ConcurrentHashMap<>();
  private static final Map<String, List<FaceScore>> ANALYSED = new ConcurrentHashMap<>();

  /** A face by its detector box's centre in the original photo. */
  record Face(String photo, int x, int y, boolean smiling) {
    @Override
    public String toString() {
      return photo + " at " + x + "," + y + (smiling ? " (smiling)" : " (neutral)");
    }
  }

  static final List<Face> FACES = List.of(
      new Face("sample1.jpg", 1574, 334, true), // laughing, head tilted 42 degrees already
      new Face("sample3.jpg", 1183, 383, true),
      new Face("sample3.jpg", 1581, 455, true),
      new Face("sample4.jpg", 1369, 294, true), // laughing, overexposed
      new Face("sample6.jpg", 779, 500, true),
      new Face("sample6.jpg", 1589, 440, true),
      new Face("sample6.jpg", 349, 644, true), // closed-mouth smile
      new Face("sample2.jpg", 1553, 291, false), // looking down
      new Face("sample3.jpg", 689, 484, false), // pouting
      new Face("sample4.jpg", 761, 210, false),
      new Face("sample6.jpg", 1261, 469, false)); // pouting

  static final List<String> VARIANTS = List.of("dark x0.35", "contrast x0.3", "rotated 35", "rotated -35");

  /**
   * Every face under every degradation, and every smile in a tight crop: 51 cases. At most
   * {@link #BORDERLINE} may land on the wrong side of 0.5 (two do since the detector runs on scale levels
   * instead of tiles: the darkened closed-mouth smile of sample6 at 0.49 and the tight crop of sample4's
   * overexposed laugh at 0.41; the detector settings were chosen on the evaluation set, not on these
   * photos). Before the crop was aligned and its contrast normalised, 10 failed.
   */
  @Test
  void happiness_degradedPhotos_stayOnTheFacesSide_butForTwoBorderlineCases() {
    List<String> wrong = new ArrayList<>();
    int cases = 0;
    for (String variant : VARIANTS) {
      for (Face face : FACES) {
        cases++;
        double h = degraded(variant, face).happiness();
        if (face.smiling() ? h <= 0.5 : h >= 0.5) {
          wrong.add(variant + ": " + face + " scored " + h);
        }
      }
    }
    for (Face face : FACES) {
      if (face.smiling()) {
        cases++;
        double h = tightCrop(face).happiness();
        if (h <= 0.5) {
          wrong.add("tight crop: " + face + " scored " + h);
        }
      }
    }
    assertThat(cases).isEqualTo(51);
    assertThat(wrong).as("cases on the wrong side of 0.5").hasSizeLessThanOrEqualTo(BORDERLINE);
  }

  static final int BORDERLINE = 2;

  private static FaceScore degraded(String variant, Face face) {
    RgbImage photo = PHOTOS.computeIfAbsent(face.photo(), p -> ImageDecoder.decode(TestImages.photo(p), p));
    PhotoVariants.Variant v = switch (variant) {
      case "dark x0.35" -> PhotoVariants.darkened(photo, 0.35);
      case "contrast x0.3" -> PhotoVariants.lowContrast(photo, 0.3);
      case "rotated 35" -> PhotoVariants.rotated(photo, 35);
      case "rotated -35" -> PhotoVariants.rotated(photo, -35);
      default -> throw new IllegalArgumentException(variant);
    };
    List<FaceScore> faces = ANALYSED.computeIfAbsent(face.photo() + "/" + variant, k -> ANALYZER.analyze(v.image()).faces());
    return near(faces, v.map(face.x(), face.y()));
  }

  private static FaceScore tightCrop(Face face) {
    RgbImage photo = PHOTOS.computeIfAbsent(face.photo(), p -> ImageDecoder.decode(TestImages.photo(p), p));
    FaceScore original = near(FaceAnalyzerTest.analyze(face.photo()).faces(), new Point2D.Double(face.x(), face.y()));
    // The photo cut to 1.1x the face box: the aligned crop (1.2x) runs past the image on every side.
    PhotoVariants.Variant v = PhotoVariants.cropped(photo, face.x(), face.y(), original.box().w() * 1.1);
    List<FaceScore> faces = ANALYZER.analyze(v.image()).faces();
    assertThat(faces).as("faces found in the tight crop of %s", face).isNotEmpty();
    return near(faces, v.map(face.x(), face.y()));
  }

  /** The face whose box centre is nearest to {@code p}, within half a box. */
  static FaceScore near(List<FaceScore> faces, Point2D p) {
    return faces.stream()
        .filter(f -> distance(f, p) < f.box().w() / 2.0)
        .min((a, b) -> Double.compare(distance(a, p), distance(b, p)))
        .orElseThrow(() -> new AssertionError("no face near " + p + " in " + faces));
  }

  private static double distance(FaceScore f, Point2D p) {
    return p.distance(f.box().x() + f.box().w() / 2.0, f.box().y() + f.box().h() / 2.0);
  }
}
