package io.duraflow.faces.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches detected boxes to labelled faces, greedily by overlap: a detection and a face match when their
 * intersection over union is at least {@link #MIN_IOU}. 0.3 rather than the 0.5 of detection benchmarks
 * because the labels and the detector frame a face differently (the labels go brow to chin, the detector's
 * box is squarer); a box on the right face still overlaps its label by far more than 0.3, and a box on a
 * neighbour's face far less.
 */
public final class FaceMatching {
  public static final double MIN_IOU = 0.3;

  private FaceMatching() {}

  /**
   * The outcome for one image.
   *
   * @param matchOf for each labelled face, the index of its detection, or -1 when it was missed
   * @param falseBoxes indexes of detections matching neither a face nor an ignored region (a second box on
   *     a face already matched is false too)
   */
  public record Result(int[] matchOf, List<Integer> falseBoxes) {}

  /** Boxes are x, y, w, h. Ignored regions absorb detections that overlap them or whose centre lies inside. */
  public static Result match(List<int[]> faces, List<int[]> ignore, List<int[]> detections) {
    int[] matchOf = new int[faces.size()];
    java.util.Arrays.fill(matchOf, -1);
    boolean[] used = new boolean[detections.size()];
    // All pairs above the threshold, best overlap first.
    List<double[]> pairs = new ArrayList<>();
    for (int f = 0; f < faces.size(); f++) {
      for (int d = 0; d < detections.size(); d++) {
        double iou = iou(faces.get(f), detections.get(d));
        if (iou >= MIN_IOU) {
          pairs.add(new double[] {iou, f, d});
        }
      }
    }
    pairs.sort((a, b) -> Double.compare(b[0], a[0]));
    for (double[] p : pairs) {
      int f = (int) p[1];
      int d = (int) p[2];
      if (matchOf[f] < 0 && !used[d]) {
        matchOf[f] = d;
        used[d] = true;
      }
    }
    List<Integer> falseBoxes = new ArrayList<>();
    for (int d = 0; d < detections.size(); d++) {
      if (!used[d] && !absorbed(detections.get(d), ignore)) {
        falseBoxes.add(d);
      }
    }
    return new Result(matchOf, falseBoxes);
  }

  private static boolean absorbed(int[] det, List<int[]> ignore) {
    double cx = det[0] + det[2] / 2.0;
    double cy = det[1] + det[3] / 2.0;
    for (int[] r : ignore) {
      boolean inside = cx >= r[0] && cx <= r[0] + r[2] && cy >= r[1] && cy <= r[1] + r[3];
      if (inside || iou(r, det) >= MIN_IOU) {
        return true;
      }
    }
    return false;
  }

  /** Intersection over union of two x, y, w, h boxes. */
  public static double iou(int[] a, int[] b) {
    double ix = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
    double iy = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
    double inter = ix * iy;
    double union = (double) a[2] * a[3] + (double) b[2] * b[3] - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
