package io.duraflow.faces;

/**
 * Platt scaling of the emotion model's P(happy): {@code calibrated = sigmoid(a * logit(p) + b)}, with p
 * clamped to [{@link #EPSILON}, 1 - {@link #EPSILON}] so that a saturated softmax still has a finite logit.
 *
 * <p>Why: FER2013's P(happy) is sharp (a broad smile scores above 0.99, a neutral face below 0.01) but
 * not a probability that a person looks happy; a monotone map fitted on labelled faces turns it into one
 * without changing the order of faces. With a > 0 the map is increasing, so min/max over faces pick the
 * same faces as before.
 *
 * <p>{@link #DEFAULT} was fitted with {@code duraflow faces-eval --fit-calibration} ({@link #fit} with both
 * classes weighted equally) to the 20 clearly smiling and 52 clearly neutral faces the analysis finds in the
 * labelled evaluation set (docs/faces.md, "Happiness"): a = 0.79, b = 0.155. So 0.5 means "as likely a
 * smile as a neutral face"; the map is gentle (0.99 becomes 0.98, 0.01 becomes 0.03) and moves the
 * model's undecided middle a little towards smiling, where the set's one misjudged smile (0.46) was.
 *
 * @param a slope on the logit of P(happy); 1 keeps the model's sharpness
 * @param b offset; positive moves every face toward happy
 */
public record HappinessCalibration(double a, double b) {
  /** The clamp on P(happy) before its logit: the model's float32 softmax reaches 1.0 exactly. */
  public static final double EPSILON = 1e-6;
  /** Fitted on the labelled evaluation set (see above). */
  public static final HappinessCalibration DEFAULT = new HappinessCalibration(0.79, 0.155);
  /** No calibration: happiness equals the model's P(happy). */
  public static final HappinessCalibration IDENTITY = new HappinessCalibration(1, 0);

  public HappinessCalibration {
    if (!Double.isFinite(a) || !Double.isFinite(b) || a <= 0) {
      throw new IllegalArgumentException("calibration needs a finite a > 0 and finite b, got a=" + a + " b=" + b);
    }
  }

  /** The calibrated happiness for the model's P(happy) {@code p}. */
  public double apply(double p) {
    return sigmoid(a * logit(p) + b);
  }

  static double logit(double p) {
    double c = Math.max(EPSILON, Math.min(1 - EPSILON, p));
    return Math.log(c / (1 - c));
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * Fits a and b by maximum likelihood (logistic regression on logit(p), Newton's method, i.e. IRLS) to
   * faces whose P(happy) is {@code p[i]} and whose label (a person judged happy) is {@code happy[i]}.
   * Uses Platt's targets ({@code (n+ + 1) / (n+ + 2)} for happy faces, {@code 1 / (n- + 2)} for the
   * others) instead of 1 and 0, so that perfectly separated data still gives finite parameters.
   *
   * @throws IllegalArgumentException for arrays of different lengths, no data, only one label, or a fit
   *     that comes out decreasing (a happy label going with lower P(happy))
   */
  public static HappinessCalibration fit(double[] p, boolean[] happy) {
    return fit(p, happy, false);
  }

  /**
   * Like {@link #fit(double[], boolean[])}, with each class weighted by the inverse of its size when
   * {@code balanced}: the result then reads as "smiling rather than neutral, as if both were equally
   * common", not as the share of smiles in the labelled set.
   */
  public static HappinessCalibration fit(double[] p, boolean[] happy, boolean balanced) {
    if (p.length != happy.length || p.length == 0) {
      throw new IllegalArgumentException("need as many labels as scores, and at least one, got " + p.length
          + " scores and " + happy.length + " labels");
    }
    int positives = 0;
    for (boolean h : happy) {
      positives += h ? 1 : 0;
    }
    int negatives = p.length - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException("need both happy and not-happy faces to fit, got " + positives
          + " happy of " + p.length);
    }
    double[] x = new double[p.length];
    double[] t = new double[p.length];
    double[] weight = new double[p.length];
    double xMin = Double.MAX_VALUE;
    double xMax = -Double.MAX_VALUE;
    for (int i = 0; i < p.length; i++) {
      x[i] = logit(p[i]);
      t[i] = happy[i] ? (positives + 1.0) / (positives + 2.0) : 1.0 / (negatives + 2.0);
      weight[i] = !balanced ? 1 : p.length / (2.0 * (happy[i] ? positives : negatives));
      xMin = Math.min(xMin, x[i]);
      xMax = Math.max(xMax, x[i]);
    }
    if (xMax - xMin < 1e-9) {
      throw new IllegalArgumentException("cannot fit: every face has the same score");
    }
    double a = 1;
    double b = 0;
    double loss = loss(x, t, weight, a, b);
    for (int iter = 0; iter < 100; iter++) {
      // Gradient g and curvature M (minus the Hessian) of the log-likelihood in (a, b); Newton: += M^-1 g.
      double ga = 0;
      double gb = 0;
      double maa = 0;
      double mab = 0;
      double mbb = 0;
      for (int i = 0; i < x.length; i++) {
        double q = sigmoid(a * x[i] + b);
        double r = weight[i] * (t[i] - q);
        double w = weight[i] * q * (1 - q);
        ga += r * x[i];
        gb += r;
        maa += w * x[i] * x[i];
        mab += w * x[i];
        mbb += w;
      }
      // A tiny ridge keeps the step defined when every prediction is saturated.
      maa += 1e-9;
      mbb += 1e-9;
      double det = maa * mbb - mab * mab;
      double da = (mbb * ga - mab * gb) / det;
      double db = (maa * gb - mab * ga) / det;
      // Halve the step until the loss does not grow: Newton alone overshoots on (nearly) separated data.
      double step = 1;
      double next = loss(x, t, weight, a + da, b + db);
      while (next > loss && step > 1e-6) {
        step /= 2;
        next = loss(x, t, weight, a + step * da, b + step * db);
      }
      a += step * da;
      b += step * db;
      boolean converged = Math.abs(step * da) < 1e-10 && Math.abs(step * db) < 1e-10 || loss - next < 1e-14 * x.length;
      loss = next;
      if (converged) {
        break;
      }
    }
    if (!(a > 0)) {
      throw new IllegalArgumentException("the fit is decreasing (a=" + a + "): happy labels go with lower scores");
    }
    return new HappinessCalibration(a, b);
  }

  /** Cross-entropy of the targets {@code t} under sigmoid(a x + b), computed without overflow. */
  private static double loss(double[] x, double[] t, double[] weight, double a, double b) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double z = a * x[i] + b;
      // -[t log s(z) + (1 - t) log(1 - s(z))] = log(1 + e^z) - t z
      double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      sum += weight[i] * (softplus - t[i] * z);
    }
    return sum;
  }
}
