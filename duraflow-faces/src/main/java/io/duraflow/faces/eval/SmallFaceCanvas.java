package io.duraflow.faces.eval;

import io.duraflow.faces.RgbImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled photo shrunk so that its median face is {@link #FACE_SIZE} pixels and pasted into a large
 * plain canvas, with its labels moved along: the case of a group photo's small faces in a large image,
 * which the labelled set itself has few of. Deterministic: the position depends only on the photo's id.
 */
public final class SmallFaceCanvas {
  /** The face size the target "90 % of ~45-px faces in 1920-4000 px photos" speaks of. */
  public static final int FACE_SIZE = 45;
  /** Canvas sizes: a 1920-px photo, a 2560-px wallpaper, a 12-MP camera photo. */
  public static final int[][] CANVASES = {{1920, 1280}, {2560, 1440}, {4000, 3000}};

  private SmallFaceCanvas() {}

  /** The composite image and its labels. */
  public record Composite(String id, RgbImage image, List<int[]> faces, List<int[]> ignore) {}

  /** {@code photo} (with at least one face) shrunk into a canvas of {@code width x height}. */
  public static Composite of(EvalManifest.Image label, BufferedImage photo, int width, int height) {
    double[] sizes = label.faces().stream().mapToDouble(EvalManifest.Face::size).sorted().toArray();
    double median = sizes[sizes.length / 2];
    double k = FACE_SIZE / median;
    int w = Math.max(1, (int) Math.round(photo.getWidth() * k));
    int h = Math.max(1, (int) Math.round(photo.getHeight() * k));
    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    try {
      g.setColor(new Color(128, 128, 128));
      g.fillRect(0, 0, width, height);
      // Area-average shrink (as a camera or an editor would), not nearest neighbour.
      BufferedImage small = shrink(photo, w, h);
      int hash = label.id().hashCode();
      int x = Math.floorMod(hash, Math.max(1, width - w));
      int y = Math.floorMod(hash >>> 8, Math.max(1, height - h));
      g.drawImage(small, x, y, null);
      List<int[]> faces = new ArrayList<>();
      for (EvalManifest.Face f : label.faces()) {
        faces.add(move(f.box(), k, x, y));
      }
      List<int[]> ignore = new ArrayList<>();
      for (int[] r : label.ignore()) {
        ignore.add(move(r, k, x, y));
      }
      return new Composite(label.id() + "@" + width + "x" + height, RgbImage.of(canvas), faces, ignore);
    } finally {
      g.dispose();
    }
  }

  private static int[] move(int[] box, double k, int x, int y) {
    return new int[] {(int) Math.round(x + box[0] * k), (int) Math.round(y + box[1] * k),
        (int) Math.round(box[2] * k), (int) Math.round(box[3] * k)};
  }

  private static BufferedImage shrink(BufferedImage src, int w, int h) {
    java.awt.Image scaled = src.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(scaled, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
