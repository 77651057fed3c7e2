package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HappinessCalibrationTest {

  @Test
  void identity_keepsTheModelsScore() {
    for (double p : new double[] {0.001, 0.07, 0.5, 0.93, 0.9999}) {
      assertThat(HappinessCalibration.IDENTITY.apply(p)).isCloseTo(p, offset(1e-12));
    }
    // A saturated softmax (exactly 0 or 1) is clamped, not turned into an infinite logit.
    assertThat(HappinessCalibration.IDENTITY.apply(1.0)).isCloseTo(1.0, offset(2e-6));
    assertThat(HappinessCalibration.IDENTITY.apply(0.0)).isCloseTo(0.0, offset(2e-6));
  }

  @Test
  void balancedFit_doesNotLetTheLargerClassPullTheMiddleItsWay() {
    // Three neutral faces for every smile, scores mirrored: unweighted, the many neutral faces move the
    // fitted 0.5 point towards smiling scores (b < 0); weighted equally, they do not.
    double[] scores = {0.2, 0.35, 0.45, 0.55, 0.65, 0.8};
    int n = 0;
    double[] p = new double[scores.length * 4 * 4];
    boolean[] happy = new boolean[p.length];
    for (int copy = 0; copy < 4; copy++) {
      for (double s : scores) {
        p[n] = s;
        happy[n++] = s > 0.5 && s != 0.55; // not separable: 0.55 is a neutral face
        for (int k = 0; k < 3; k++) {
          p[n] = 1 - s;
          happy[n++] = false;
        }
      }
    }
    double unweighted = HappinessCalibration.fit(java.util.Arrays.copyOf(p, n), java.util.Arrays.copyOf(happy, n)).b();
    double balanced = HappinessCalibration.fit(java.util.Arrays.copyOf(p, n), java.util.Arrays.copyOf(happy, n), true).b();
    assertThat(balanced).isGreaterThan(unweighted);
  }

  @Test
  void apply_isIncreasing() {
    HappinessCalibration c = new HappinessCalibration(0.4, -1.2);
    double previous = -1;
    for (double p = 0; p <= 1.0; p += 0.01) {
      double v = c.apply(p);
      assertThat(v).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
      previous = v;
    }
  }

  @Test
  void fit_dataDrawnFromKnownParameters_recoversThem() {
    // Labels drawn with P(happy label) = sigmoid(a * logit(p) + b): maximum likelihood converges to (a, b).
    double a = 0.6;
    double b = -0.9;
    Random r = new Random(42);
    int n = 40_000;
    double[] p = new double[n];
    boolean[] happy = new boolean[n];
    for (int i = 0; i < n; i++) {
      double logit = -8 + 16 * r.nextDouble();
      p[i] = HappinessCalibration.sigmoid(logit);
      happy[i] = r.nextDouble() < HappinessCalibration.sigmoid(a * logit + b);
    }
    HappinessCalibration fitted = HappinessCalibration.fit(p, happy);
    // Standard errors here are about 0.01 (a) and 0.02 (b).
    assertThat(fitted.a()).isCloseTo(a, offset(0.04));
    assertThat(fitted.b()).isCloseTo(b, offset(0.08));
  }

  @Test
  void fit_perfectlySeparatedData_staysFiniteAndIncreasing() {
    double[] p = {0.01, 0.02, 0.05, 0.1, 0.9, 0.95, 0.99, 0.999};
    boolean[] happy = {false, false, false, false, true, true, true, true};
    HappinessCalibration fitted = HappinessCalibration.fit(p, happy);
    assertThat(fitted.a()).isPositive().isFinite();
    assertThat(fitted.apply(0.95)).isGreaterThan(0.5);
    assertThat(fitted.apply(0.05)).isLessThan(0.5);
  }

  @Test
  void fit_badInput_saysWhatIsWrong() {
    assertThatThrownBy(() -> HappinessCalibration.fit(new double[] {0.5}, new boolean[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("as many labels as scores");
    assertThatThrownBy(() -> HappinessCalibration.fit(new double[] {0.2, 0.9}, new boolean[] {true, true}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both happy and not-happy");
    assertThatThrownBy(() -> HappinessCalibration.fit(new double[] {0.9, 0.8, 0.1, 0.2}, new boolean[] {false, false, true, true}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decreasing");
    assertThatThrownBy(() -> new HappinessCalibration(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
