package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class FaceAlignerTest {
  private static final FaceAligner ALIGNER = FaceAligner.defaults();

  /**
   * A detection with a 200-px box at (cx, cy) and eyes 84 px apart, mouth 90 px below the eyes' centre,
   * the whole face turned by {@code degrees} clockwise about the box centre.
   */
  private static BlazeFaceDetector.Detection face(double cx, double cy, double degrees, double eyeDistance) {
    double a = Math.toRadians(degrees);
    double[][] local = {{-eyeDistance / 2, -45}, {eyeDistance / 2, -45}, {0, 0}, {0, 45}, {-90, -20}, {90, -20}};
    float[] k = new float[12];
    for (int i = 0; i < 6; i++) {
      k[i * 2] = (float) (cx + local[i][0] * Math.cos(a) - local[i][1] * Math.sin(a));
      k[i * 2 + 1] = (float) (cy + local[i][0] * Math.sin(a) + local[i][1] * Math.cos(a));
    }
    return new BlazeFaceDetector.Detection(cx - 100, cy - 100, cx + 100, cy + 100, 0.9, k);
  }

  @Test
  void frame_levelFace_isTheUnalignedCrop() {
    // Eyes level, and the midpoint of eyes and mouth at the box centre: the crop of before alignment.
    FaceAligner.Frame f = ALIGNER.frame(face(500, 300, 0, 84));
    assertThat(f.angle()).isCloseTo(0, offset(1e-6));
    assertThat(f.cx()).isCloseTo(500, offset(1e-3));
    assertThat(f.cy()).isCloseTo(300, offset(1e-3));
    assertThat(f.side()).isCloseTo(200 * FaceAligner.CROP_SCALE, offset(1e-9));
  }

  @Test
  void frame_tiltedFace_levelsTheEyes() {
    FaceAligner.Frame f = ALIGNER.frame(face(500, 300, 35, 84));
    assertThat(Math.toDegrees(f.angle())).isCloseTo(35, offset(1e-3));
    FaceAligner.Frame g = ALIGNER.frame(face(500, 300, -50, 84));
    assertThat(Math.toDegrees(g.angle())).isCloseTo(-50, offset(1e-3));
  }

  @Test
  void frame_profile_takesTheTiltFromEyesToMouth() {
    // Eyes 10 px apart (a face seen from the side): their angle is noise, the eye-to-mouth line is not.
    FaceAligner.Frame f = ALIGNER.frame(face(500, 300, 20, 10));
    assertThat(Math.toDegrees(f.angle())).isCloseTo(20, offset(1e-3));
  }

  @Test
  void crop_tiltedFace_putsBothEyesOnOneRow() {
    // A gray image with two black "eyes" on a line tilted by 30 degrees.
    BufferedImage img = new BufferedImage(600, 600, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(170, 170, 170));
    g.fillRect(0, 0, 600, 600);
    BlazeFaceDetector.Detection d = face(300, 300, 30, 84);
    g.setColor(Color.BLACK);
    for (int eye = 0; eye < 2; eye++) {
      g.fillOval((int) Math.round(d.keypointX(eye)) - 8, (int) Math.round(d.keypointY(eye)) - 8, 16, 16);
    }
    g.dispose();

    float[] crop = ALIGNER.crop(new ImagePyramid(RgbImage.of(img)), ALIGNER.frame(d));

    assertThat(crop).hasSize(64 * 64);
    int[] left = darkest(crop, 0, 32);
    int[] right = darkest(crop, 32, 64);
    assertThat(Math.abs(left[1] - right[1])).as("eye rows %s %s", left[1], right[1]).isLessThanOrEqualTo(1);
    assertThat(right[0] - left[0]).as("eye distance in crop pixels").isBetween(20, 25); // 84 / 240 * 64 = 22.4
  }

  /** (x, y) of the darkest pixel with x in [x0, x1). */
  private static int[] darkest(float[] crop, int x0, int x1) {
    int[] best = {0, 0};
    float min = Float.MAX_VALUE;
    for (int y = 0; y < 64; y++) {
      for (int x = x0; x < x1; x++) {
        if (crop[y * 64 + x] < min) {
          min = crop[y * 64 + x];
          best = new int[] {x, y};
        }
      }
    }
    return best;
  }
}
