package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaceGeometryTest {
  /** A 100-px box at the origin with eyes at (30, 40) and (70, 40), nose (50, 60), mouth (50, 78), rotated. */
  private static BlazeFaceDetector.Detection face(double degrees, double[] mouth) {
    double[][] points = {{30, 40}, {70, 40}, {50, 60}, mouth, {10, 45}, {90, 45}};
    float[] k = new float[12];
    double a = Math.toRadians(degrees);
    for (int i = 0; i < 6; i++) {
      double x = points[i][0] - 50;
      double y = points[i][1] - 50;
      k[i * 2] = (float) (50 + x * Math.cos(a) - y * Math.sin(a));
      k[i * 2 + 1] = (float) (50 + x * Math.sin(a) + y * Math.cos(a));
    }
    return new BlazeFaceDetector.Detection(0, 0, 100, 100, 0.9, k);
  }

  @Test
  void uprightAndTiltedFaces_areFaceLike() {
    assertThat(FaceGeometry.plausible(face(0, new double[] {50, 78}))).isTrue();
    assertThat(FaceGeometry.plausible(face(40, new double[] {50, 78}))).isTrue();
    assertThat(FaceGeometry.plausible(face(-40, new double[] {50, 78}))).isTrue();
  }

  @Test
  void aProfile_whoseEyesNearlyCoincide_isFaceLike_whenTheMouthIsBelowThem() {
    BlazeFaceDetector.Detection profile = new BlazeFaceDetector.Detection(0, 0, 100, 100, 0.9,
        new float[] {30, 30, 33, 30, 20, 55, 28, 75, 70, 30, 80, 30});
    assertThat(FaceGeometry.plausible(profile)).isTrue();
  }

  @Test
  void aMouthAboveTheEyes_orBesideThem_isNot() {
    assertThat(FaceGeometry.plausible(face(0, new double[] {50, 10}))).isFalse();
    assertThat(FaceGeometry.plausible(face(0, new double[] {95, 48}))).isFalse();
  }

  @Test
  void aMouthOnTheEyeLine_orKeyPointsFarOutsideTheBox_isNot() {
    assertThat(FaceGeometry.plausible(face(0, new double[] {50, 44}))).isFalse();
    assertThat(FaceGeometry.plausible(face(0, new double[] {50, 140}))).isFalse();
  }
}
