package io.duraflow.faces;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Latency benchmark, not a test (no timing assertions in unit tests). Run after a build:
 *
 * <pre>
 * mvn -q -pl duraflow-faces dependency:build-classpath -Dmdep.outputFile=/tmp/faces.cp -Dmdep.includeScope=test
 * java -cp duraflow-faces/target/classes:duraflow-faces/target/test-classes:$(cat /tmp/faces.cp) \
 *     io.duraflow.faces.FaceBenchmark duraflow-faces/target/test-classes/photos/*.jpg
 * </pre>
 *
 * Prints, per image, the median over 20 runs of the model time (pre-processing, both models,
 * post-processing; fetch and decode excluded), plus the bare TF time of one BlazeFace and one emotion run.
 */
public final class FaceBenchmark {
  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("runs", 20);
    long loadStart = System.nanoTime();
    FaceModels models = FaceModels.shared();
    System.out.printf("model load: %.0f ms%n", (System.nanoTime() - loadStart) / 1e6);
    FaceAnalyzer analyzer = FaceAnalyzer.of(FaceOptions.builder().minFaceSize(Integer.getInteger("minFaceSize", FaceOptions.defaults().minFaceSize())).build());
    System.out.printf("cores=%d java=%s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    float[] det = new float[256 * 256 * 3];
    float[] emo = new float[64 * 64];
    for (int i = 0; i < 10; i++) {
      models.detector().run(det, new long[] {1, 256, 256, 3}, BlazeFaceDetector.OUTPUTS);
      models.emotion().run(emo, new long[] {1, 64, 64, 1}, "Identity");
    }
    System.out.printf("blazeface run: %.2f ms, emotion run (1 face): %.2f ms%n",
        median(runs, () -> models.detector().run(det, new long[] {1, 256, 256, 3}, BlazeFaceDetector.OUTPUTS)),
        median(runs, () -> models.emotion().run(emo, new long[] {1, 64, 64, 1}, "Identity")));
    for (String a : args) {
      RgbImage decoded = ImageDecoder.decode(Files.readAllBytes(Path.of(a)), a);
      int width = Integer.getInteger("width", decoded.width()); // -Dwidth=960: rescale first
      RgbImage img = width == decoded.width() ? decoded : RgbImage.of(scaled(decoded, width));
      long t0 = System.nanoTime();
      int faces = analyzer.analyze(img).faces().size();
      double first = (System.nanoTime() - t0) / 1e6;
      double med = median(runs, () -> analyzer.analyze(img));
      System.out.printf("%s %dx%d faces=%d model time median %.1f ms (first %.1f ms)%n",
          Path.of(a).getFileName(), img.width(), img.height(), faces, med, first);
    }
  }

  private static java.awt.image.BufferedImage scaled(RgbImage src, int width) {
    int height = (int) Math.round((double) src.height() * width / src.width());
    java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
    var g = out.createGraphics();
    g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(TestImages.toBuffered(src), 0, 0, width, height, null);
    g.dispose();
    return out;
  }

  private static double median(int runs, Runnable r) {
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      long s = System.nanoTime();
      r.run();
      t[i] = (System.nanoTime() - s) / 1e6;
    }
    Arrays.sort(t);
    return t[runs / 2];
  }
}
