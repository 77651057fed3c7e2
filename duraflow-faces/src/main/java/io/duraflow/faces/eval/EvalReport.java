package io.duraflow.faces.eval;

import io.duraflow.faces.FaceScore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * What an evaluation found, and the figures docs/faces.md states targets for: recall by face size,
 * precision, false boxes on photos without faces, recall of ~45-px faces in large canvases, how well the
 * happiness score separates smiling from neutral faces, and model time by image size.
 *
 * @param photos the labelled photos as they are
 * @param composites the photos shrunk into large canvases
 */
public record EvalReport(List<ImageResult> photos, List<ImageResult> composites) {
  /** Face-size buckets (larger box side, pixels) of the recall table. */
  static final int[] SIZE_BUCKETS = {0, 40, 80, 160, Integer.MAX_VALUE};
  /** Image-size buckets (longer side, pixels) of the time table. */
  static final int[] IMAGE_BUCKETS = {0, 1000, 1921, 3000, Integer.MAX_VALUE};

  /**
   * One labelled face and what became of it.
   *
   * @param detected the matching detection with its scores, or null when the face was missed
   */
  public record FaceResult(int size, EvalManifest.Face label, FaceScore detected) {}

  /** One image: its faces, the boxes that matched none, and the model time. */
  public record ImageResult(String id, int width, int height, List<FaceResult> faces, List<FaceScore> falseBoxes,
      double modelMillis) {
    int longSide() {
      return Math.max(width, height);
    }
  }

  /** Share of the photos' labelled faces with a size in [min, max) that were found; NaN with none. */
  public double recall(int min, int max) {
    return recall(photos, f -> f.size >= min && f.size < max);
  }

  /** Share of the composites' faces of {@code min..max} px found, over canvases {@code >= minWidth} wide. */
  public double smallFaceRecall(int min, int max, int minWidth) {
    List<ImageResult> wide = composites.stream().filter(c -> c.width >= minWidth).toList();
    return recall(wide, f -> f.size >= min && f.size <= max);
  }

  private static double recall(List<ImageResult> images, Predicate<FaceResult> which) {
    long[] c = count(images, which);
    return c[1] == 0 ? Double.NaN : (double) c[0] / c[1];
  }

  /** Found and labelled faces (in that order) among those {@code which} accepts. */
  private static long[] count(List<ImageResult> images, Predicate<FaceResult> which) {
    long n = 0;
    long found = 0;
    for (ImageResult r : images) {
      for (FaceResult f : r.faces) {
        if (which.test(f)) {
          n++;
          found += f.detected != null ? 1 : 0;
        }
      }
    }
    return new long[] {found, n};
  }

  /** Found faces over all boxes drawn on the photos with faces. */
  public double precision() {
    long found = 0;
    long boxes = 0;
    for (ImageResult r : photos) {
      if (!r.faces.isEmpty()) {
        long tp = r.faces.stream().filter(f -> f.detected != null).count();
        found += tp;
        boxes += tp + r.falseBoxes.size();
      }
    }
    return boxes == 0 ? Double.NaN : (double) found / boxes;
  }

  /** The photos labelled without any face. */
  public List<ImageResult> nonFacePhotos() {
    return photos.stream().filter(r -> r.faces.isEmpty()).toList();
  }

  /** Boxes drawn on photos without any face. */
  public int falseBoxesOnNonFacePhotos() {
    return nonFacePhotos().stream().mapToInt(r -> r.falseBoxes.size()).sum();
  }

  /** Happiness of the found faces labelled clearly smiling, or clearly neutral. */
  public double[] happiness(boolean smiling) {
    return labelled(smiling).mapToDouble(f -> f.detected.happiness()).toArray();
  }

  /** The emotion model's own P(happy) of the same faces: what a calibration is fitted to. */
  public double[] rawHappiness(boolean smiling) {
    return labelled(smiling).mapToDouble(f -> f.detected.happinessRaw()).toArray();
  }

  private java.util.stream.Stream<FaceResult> labelled(boolean smiling) {
    return photos.stream().flatMap(r -> r.faces.stream())
        .filter(f -> f.detected != null && (smiling ? f.label.smiling() : f.label.neutral()));
  }

  /**
   * Platt scaling fitted to the found, clearly smiling (happy) and clearly neutral faces, the two classes
   * weighted equally.
   */
  public io.duraflow.faces.HappinessCalibration fitCalibration() {
    double[] pos = rawHappiness(true);
    double[] neg = rawHappiness(false);
    double[] p = new double[pos.length + neg.length];
    boolean[] happy = new boolean[p.length];
    for (int i = 0; i < pos.length; i++) {
      p[i] = pos[i];
      happy[i] = true;
    }
    System.arraycopy(neg, 0, p, pos.length, neg.length);
    return io.duraflow.faces.HappinessCalibration.fit(p, happy, true);
  }

  /**
   * Area under the ROC curve of happiness as a smiling-vs-neutral classifier: the chance that a random
   * smiling face scores above a random neutral one (ties count half).
   */
  public double auc() {
    double[] pos = happiness(true);
    double[] neg = happiness(false);
    if (pos.length == 0 || neg.length == 0) {
      return Double.NaN;
    }
    double wins = 0;
    for (double p : pos) {
      for (double q : neg) {
        wins += p > q ? 1 : p == q ? 0.5 : 0;
      }
    }
    return wins / ((double) pos.length * neg.length);
  }

  /** Share of {@code values} above (or, with {@code above} false, below) 0.5. */
  static double share(double[] values, boolean above) {
    if (values.length == 0) {
      return Double.NaN;
    }
    return (double) Arrays.stream(values).filter(v -> above ? v > 0.5 : v < 0.5).count() / values.length;
  }

  /** Median model time of the images (photos and composites) whose longer side is in [min, max). */
  public double medianMillis(int min, int max) {
    double[] t = java.util.stream.Stream.concat(photos.stream(), composites.stream())
        .filter(r -> r.longSide() >= min && r.longSide() < max).mapToDouble(ImageResult::modelMillis).sorted().toArray();
    return t.length == 0 ? Double.NaN : t[t.length / 2];
  }

  /** Prints the figures; with {@code details} also every miss and every false box. */
  public void print(PrintStream out, boolean details) {
    long faces = photos.stream().mapToLong(r -> r.faces.size()).sum();
    out.printf(Locale.ROOT, "%d photos (%d without faces), %d labelled faces; %d canvas composites%n",
        photos.size(), nonFacePhotos().size(), faces, composites.size());
    out.println("recall by face size (larger box side):");
    for (int i = 0; i + 1 < SIZE_BUCKETS.length; i++) {
      int lo = SIZE_BUCKETS[i];
      int hi = SIZE_BUCKETS[i + 1];
      out.printf(Locale.ROOT, "  %-10s %s%n", bucket(lo, hi, "px"), ratio(photos, f -> f.size >= lo && f.size < hi));
    }
    out.printf(Locale.ROOT, "  %-10s %s%n", ">= 40 px", ratio(photos, f -> f.size >= 40));
    out.printf(Locale.ROOT, "precision on photos with faces: %s%n", pct(precision()));
    out.printf(Locale.ROOT, "false boxes on %d photos without faces: %d%s%n", nonFacePhotos().size(),
        falseBoxesOnNonFacePhotos(), falseBoxNames());
    out.println("faces of 36-56 px in canvases (photos shrunk so the median face is 45 px):");
    for (int[] c : SmallFaceCanvas.CANVASES) {
      List<ImageResult> these = composites.stream().filter(r -> r.width == c[0]).toList();
      out.printf(Locale.ROOT, "  %dx%d  %s, %d false boxes%n", c[0], c[1],
          ratio(these, f -> f.size >= 36 && f.size <= 56), these.stream().mapToInt(r -> r.falseBoxes.size()).sum());
    }
    double[] smiling = happiness(true);
    double[] neutral = happiness(false);
    out.printf(Locale.ROOT, "happiness: %d clearly smiling faces, %d clearly neutral (found ones)%n",
        smiling.length, neutral.length);
    out.printf(Locale.ROOT, "  AUC smiling vs neutral %.3f; smiling > 0.5: %s; neutral < 0.5: %s%n", auc(),
        pct(share(smiling, true)), pct(share(neutral, false)));
    out.println("model time per image by longer side (median):");
    for (int i = 0; i + 1 < IMAGE_BUCKETS.length; i++) {
      int lo = IMAGE_BUCKETS[i];
      int hi = IMAGE_BUCKETS[i + 1];
      long n = java.util.stream.Stream.concat(photos.stream(), composites.stream())
          .filter(r -> r.longSide() >= lo && r.longSide() < hi).count();
      if (n > 0) {
        out.printf(Locale.ROOT, "  %-12s %6.1f ms (%d images)%n", bucket(lo, hi, "px"), medianMillis(lo, hi), n);
      }
    }
    if (details) {
      printDetails(out);
    }
  }

  private void printDetails(PrintStream out) {
    for (ImageResult r : concat()) {
      for (FaceResult f : r.faces) {
        if (f.detected == null) {
          out.printf(Locale.ROOT, "  missed %s face %s (%d px)%n", r.id, Arrays.toString(f.label.box()), f.size);
        } else if ((f.label.smiling() && f.detected.happiness() <= 0.5)
            || (f.label.neutral() && f.detected.happiness() >= 0.5)) {
          out.printf(Locale.ROOT, "  wrong side %s %s face %s: happiness %.3f%n", r.id, f.label.expression(),
              Arrays.toString(f.label.box()), f.detected.happiness());
        }
      }
      for (FaceScore b : r.falseBoxes) {
        out.printf(Locale.ROOT, "  false box %s %s confidence %.3f%n", r.id, b.box(), b.confidence());
      }
    }
  }

  private List<ImageResult> concat() {
    List<ImageResult> all = new ArrayList<>(photos);
    all.addAll(composites);
    return all;
  }

  private String falseBoxNames() {
    List<String> ids = nonFacePhotos().stream().filter(r -> !r.falseBoxes.isEmpty())
        .map(r -> r.id + " (" + r.falseBoxes.size() + ")").toList();
    return ids.isEmpty() ? "" : " on " + String.join(", ", ids);
  }

  private static String ratio(List<ImageResult> images, Predicate<FaceResult> which) {
    long[] c = count(images, which);
    return c[1] == 0 ? "no faces" : String.format(Locale.ROOT, "%d/%d = %s", c[0], c[1], pct((double) c[0] / c[1]));
  }

  private static String bucket(int lo, int hi, String unit) {
    return hi == Integer.MAX_VALUE ? ">= " + lo + " " + unit : lo == 0 ? "< " + hi + " " + unit : lo + "-" + (hi - 1) + " " + unit;
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", v * 100);
  }
}
