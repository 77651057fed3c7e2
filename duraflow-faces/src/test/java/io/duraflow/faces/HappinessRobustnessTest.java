package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.Point2D;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real models on the demo photos made harder: darkened to 35 %, contrast cut to 30 %, the whole photo
 * rotated by 35 degrees, and the photo cropped tightly to one face. Faces picked by eye (annotated with
 * {@link AnnotateMain}): broad or clear smiles, and clearly neutral or pouting faces. Each must stay on
 * its side of 0.5; the exact scores are the model's business.
 *
 * <p>Before the crop was aligned and its contrast normalised, 10 of these 51 cases failed: 9 smiles below 0.5
 * (down to 0.06: both darkened, three at low contrast, three rotated, one tight crop) and one pout at 0.70
 * at low contrast (see docs/faces.md, "Accuracy limits").
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

  static Stream<Arguments> cases() {
    return Stream.of("dark x0.35", "contrast x0.3", "rotated 35", "rotated -35")
        .flatMap(variant -> FACES.stream().map(face -> Arguments.of(variant, face)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void happiness_degradedPhoto_staysOnTheFacesSide(String variant, Face face) {
    RgbImage photo = PHOTOS.computeIfAbsent(face.photo(), p -> ImageDecoder.decode(TestImages.photo(p), p));
    PhotoVariants.Variant v = switch (variant) {
      case "dark x0.35" -> PhotoVariants.darkened(photo, 0.35);
      case "contrast x0.3" -> PhotoVariants.lowContrast(photo, 0.3);
      case "rotated 35" -> PhotoVariants.rotated(photo, 35);
      case "rotated -35" -> PhotoVariants.rotated(photo, -35);
      default -> throw new IllegalArgumentException(variant);
    };
    List<FaceScore> faces = ANALYSED.computeIfAbsent(face.photo() + "/" + variant, k -> ANALYZER.analyze(v.image()).faces());
    FaceScore f = near(faces, v.map(face.x(), face.y()));
    if (face.smiling()) {
      assertThat(f.happiness()).as("%s", f).isGreaterThan(0.5);
    } else {
      assertThat(f.happiness()).as("%s", f).isLessThan(0.5);
    }
  }

  static Stream<Face> smilingFaces() {
    return FACES.stream().filter(Face::smiling);
  }

  @ParameterizedTest(name = "tight crop: {0}")
  @MethodSource("smilingFaces")
  void happiness_photoCroppedToTheFace_staysHappy(Face face) {
    RgbImage photo = PHOTOS.computeIfAbsent(face.photo(), p -> ImageDecoder.decode(TestImages.photo(p), p));
    FaceScore original = near(FaceAnalyzerTest.analyze(face.photo()).faces(), new Point2D.Double(face.x(), face.y()));
    // The photo cut to 1.1x the face box: the aligned crop (1.2x) runs past the image on every side.
    PhotoVariants.Variant v = PhotoVariants.cropped(photo, face.x(), face.y(), original.box().w() * 1.1);
    List<FaceScore> faces = ANALYZER.analyze(v.image()).faces();
    assertThat(faces).as("faces found in the tight crop").isNotEmpty();
    assertThat(near(faces, v.map(face.x(), face.y())).happiness()).isGreaterThan(0.5);
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
