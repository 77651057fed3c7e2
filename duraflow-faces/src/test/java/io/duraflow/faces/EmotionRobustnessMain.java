package io.duraflow.faces;

import java.util.*;

/**
 * Measurement aid, not a test: P(happy) of the hand-labelled demo faces ({@link #REFS}) under degraded
 * variants ({@link PhotoVariants}), through several crop pipelines on the same detections: {@code legacy}
 * (box centre, 1.2x, axis-aligned, black padding: the crop before alignment), {@code align} (aligned, no
 * contrast rule), {@code alblack} (aligned, black padding), {@code alboxc} (aligned on the box centre),
 * {@code al+con} (what FaceAnalyzer does), {@code boxc+con}. The numbers in docs/faces.md come from it.
 *
 * <pre>
 * java -cp ... [-Dscale=1.2] [-Dfull=140 -Dnarrow=100 -Dtarget=170] [-Dmix=1] [-Ddump=DIR]
 *     [-Dvariants=orig,dark,lowc,rot20,rot35,rotm35,rot50,tight,tight09,tight08]
 *     [-Drefs=sample4.jpg:1075:322:S,...] io.duraflow.faces.EmotionRobustnessMain
 * </pre>
 *
 * {@code scale}, {@code full}/{@code narrow}/{@code target} override the aligned pipelines' crop side and
 * contrast rule; {@code mix} moves the "boxc" columns' centre from the box centre (1) toward the aligned
 * one (0); {@code dump} writes the {@code al+con} crops as PNGs.
 */
public final class EmotionRobustnessMain {
  record Ref(String photo, double x, double y, boolean smiling) {}

  static final List<Ref> REFS = List.of(
      new Ref("sample1.jpg", 1574, 334, true), new Ref("sample3.jpg", 1183, 383, true),
      new Ref("sample3.jpg", 1581, 455, true), new Ref("sample4.jpg", 1369, 294, true),
      new Ref("sample6.jpg", 779, 500, true), new Ref("sample6.jpg", 1589, 440, true),
      new Ref("sample6.jpg", 349, 644, true),
      new Ref("sample2.jpg", 968, 369, false), new Ref("sample2.jpg", 1553, 291, false),
      new Ref("sample3.jpg", 689, 484, false), new Ref("sample6.jpg", 1261, 469, false),
      new Ref("sample4.jpg", 761, 210, false));

  public static void main(String[] args) {
    FaceModels m = FaceModels.shared();
    BlazeFaceDetector det = new BlazeFaceDetector(m.detector(), 768);
    EmotionClassifier emo = new EmotionClassifier(m.emotion());
    double scale = Double.parseDouble(System.getProperty("scale", "1.2"));
    double fullSpan = Double.parseDouble(System.getProperty("full", "140"));
    double narrow = Double.parseDouble(System.getProperty("narrow", "100"));
    double target = Double.parseDouble(System.getProperty("target", "170"));
    String centre = System.getProperty("centre", "kp");
    String only = System.getProperty("variants", "orig,dark,lowc,rot20,rot35,rot50,tight");
    FaceAligner plain = new FaceAligner(scale, GrayContrast.none());
    FaceAligner full = new FaceAligner(scale, new GrayContrast(fullSpan, narrow, target, GrayContrast.MAX_GAIN));
    Map<String, RgbImage> photos = new HashMap<>();
    System.out.printf("%-12s %-5s %-4s %-13s %6s %6s %7s %7s %7s %7s %7s %7s%n", "photo", "x", "lbl", "variant",
        "det", "span", "legacy", "align", "alblack", "alboxc", "al+con", "boxc+con");
    List<Ref> refs = new ArrayList<>(REFS);
    if (System.getProperty("refs") != null) {
      refs.clear();
      for (String e : System.getProperty("refs").split(",")) {
        String[] f = e.split(":");
        refs.add(new Ref(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), f[3].equals("S")));
      }
    }
    for (Ref r : refs) {
      RgbImage img = photos.computeIfAbsent(r.photo(), p -> ImageDecoder.decode(TestImages.photo(p), p));
      List<PhotoVariants.Variant> vs = new ArrayList<>();
      for (String v : only.split(",")) {
        switch (v) {
          case "orig" -> vs.add(PhotoVariants.original(img));
          case "dark" -> vs.add(PhotoVariants.darkened(img, 0.35));
          case "lowc" -> vs.add(PhotoVariants.lowContrast(img, 0.3));
          case "rot20" -> vs.add(PhotoVariants.rotated(img, 20));
          case "rot35" -> vs.add(PhotoVariants.rotated(img, 35));
          case "rot50" -> vs.add(PhotoVariants.rotated(img, 50));
          case "rotm35" -> vs.add(PhotoVariants.rotated(img, -35));
          case "tight", "tight09", "tight08" -> {
            BlazeFaceDetector.Detection d = nearest(det.detect(img), r.x(), r.y());
            double side = (d.x2() - d.x1()) * (v.equals("tight") ? 1.1 : v.equals("tight09") ? 0.9 : 0.8);
            vs.add(PhotoVariants.cropped(img, (d.x1() + d.x2()) / 2, (d.y1() + d.y2()) / 2, side));
          }
          default -> throw new IllegalArgumentException(v);
        }
      }
      for (PhotoVariants.Variant v : vs) {
        ImagePyramid pyr = new ImagePyramid(v.image());
        var p = v.map(r.x(), r.y());
        BlazeFaceDetector.Detection d = nearest(det.detect(pyr), p.getX(), p.getY());
        if (d == null) {
          System.out.printf("%-12s %-5.0f %-4s %-13s   miss%n", r.photo(), r.x(), r.smiling() ? "S" : "N", v.name());
          continue;
        }
        double box = Math.max(d.x2() - d.x1(), d.y2() - d.y1());
        float[] legacyRgb = pyr.sample((d.x1() + d.x2()) / 2 - box * 0.6, (d.y1() + d.y2()) / 2 - box * 0.6, box * 1.2, box * 1.2, 64, 64, false);
        float[] g = EmotionClassifier.gray(legacyRgb);
        double[] pc = GrayContrast.percentiles(g);
        float[] legacy = EmotionClassifier.toInput(g);
        FaceAligner.Frame f = plain.frame(d);
        double mix = Double.parseDouble(System.getProperty("mix", "1"));
        FaceAligner.Frame fb = new FaceAligner.Frame(mix * (d.x1() + d.x2()) / 2 + (1 - mix) * f.cx(),
            mix * (d.y1() + d.y2()) / 2 + (1 - mix) * f.cy(), f.side(), f.angle());
        float[] black = EmotionClassifier.toInput(EmotionClassifier.gray(pyr.sampleRotated(f.cx(), f.cy(), f.side(), f.angle(), 64, 64, false)));
        float[][] probs = emo.classify(List.of(legacy, plain.crop(pyr, f), black, plain.crop(pyr, fb), full.crop(pyr, f), full.crop(pyr, fb)));
        if (System.getProperty("dump") != null) {
          dump(full.crop(pyr, f), System.getProperty("dump") + "/" + r.photo() + "_" + (int) r.x() + "_" + v.name().replace(' ', '_') + ".png");
        }
        StringBuilder sb = new StringBuilder();
        for (float[] pr : probs) {
          sb.append(String.format(Locale.ROOT, " %7.4f", pr[EmotionClassifier.HAPPY]));
        }
        System.out.printf(Locale.ROOT, "%-12s %-5.0f %-4s %-13s %6.2f %6.0f%s%n", r.photo(), r.x(), r.smiling() ? "S" : "N",
            v.name(), d.score(), pc[1] - pc[0], sb);
      }
    }
  }

  static void dump(float[] input, String file) {
    java.awt.image.BufferedImage bi = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < 64 * 64; i++) {
      bi.getRaster().setSample(i % 64, i / 64, 0, Math.round((input[i] + 1) * 127.5f));
    }
    try {
      javax.imageio.ImageIO.write(bi, "png", new java.io.File(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static BlazeFaceDetector.Detection nearest(List<BlazeFaceDetector.Detection> ds, double x, double y) {
    BlazeFaceDetector.Detection best = null;
    double bestD = Double.MAX_VALUE;
    for (var d : ds) {
      double dist = Math.hypot((d.x1() + d.x2()) / 2 - x, (d.y1() + d.y2()) / 2 - y);
      if (dist < 0.5 * (d.x2() - d.x1()) && dist < bestD) {
        best = d;
        bestD = dist;
      }
    }
    return best;
  }
}
