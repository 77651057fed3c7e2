package io.duraflow.faces;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batched against separate detector runs, not a test (no timing assertions in unit tests). Run after a
 * build, with the class path of {@link FaceBenchmark}:
 *
 * <pre>
 * java -cp ... io.duraflow.faces.BatchBenchmark [TILES]
 * </pre>
 *
 * For the short-range (256 px) and the full-range (192 px) model, prints the median over {@code -Druns}
 * (default 20) of TILES (default 5) tiles of sample1 as TILES separate runs and as one batched run
 * ({@link TfjsGraphModel#runBatch}), and the largest difference between the two outputs.
 * {@code -Dthreads=1} runs TF on one thread: steadier figures on a busy machine.
 */
public final class BatchBenchmark {
  public static void main(String[] args) {
    int runs = Integer.getInteger("runs", 20);
    int tiles = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int threads = Integer.getInteger("threads", 0); // TF intra-op threads; 0: TF's choice, as in production
    System.out.printf("cores=%d java=%s tiles=%d runs=%d threads=%d%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), tiles, runs, threads);
    ImagePyramid photo = new ImagePyramid(ImageDecoder.decode(TestImages.photo("sample1.jpg"), "sample1"));
    try (TensorFlowStartupLog quiet = TensorFlowStartupLog.open();
        TfjsGraphModel shortRange = TfjsGraphModel.loadResource("models", "blazeface", threads);
        TfjsGraphModel fullRange = TfjsGraphModel.loadResource("models", FullRangeFaceDetector.MODEL, threads)) {
      measure("short-range blazeface", shortRange, BlazeFaceModel.SHORT_RANGE, photo, tiles, runs);
      measure("full-range facemesh-detection-full", fullRange, BlazeFaceModel.FULL_RANGE, photo, tiles, runs);
    }
  }

  private static void measure(String label, TfjsGraphModel model, BlazeFaceModel.Layout layout,
      ImagePyramid photo, int count, int runs) {
    int side = layout.input();
    List<float[]> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Tiles of 768 px across the photo, as the pyramid's first level would cut them.
      int x = (int) Math.round((photo.base().width() - 768) * (double) i / Math.max(1, count - 1));
      inputs.add(BlazeFaceModel.toInput(photo.sample(x, (i % 2) * 500, 768, 768, side, side, true)));
    }
    long[] one = {1, side, side, 3};
    long[] item = {side, side, 3};
    String[] outputs = layout.outputs();
    for (int i = 0; i < 5; i++) { // warm-up: TF optimises the graph on its first runs, per batch size
      model.run(inputs.get(0), one, outputs);
      model.runBatch(inputs, item, outputs);
    }
    // Interleaved, so that both see the same load from whatever else runs on the machine.
    double[] separateMs = new double[runs];
    double[] batchedMs = new double[runs];
    for (int r = 0; r < runs; r++) {
      separateMs[r] = millis(() -> inputs.forEach(in -> model.run(in, one, outputs)));
      batchedMs[r] = millis(() -> model.runBatch(inputs, item, outputs));
    }
    double separate = median(separateMs);
    double batched = median(batchedMs);
    float[][][] batch = model.runBatch(inputs, item, outputs);
    double diff = 0;
    for (int i = 0; i < count; i++) {
      float[][] alone = model.run(inputs.get(i), one, outputs);
      for (int k = 0; k < alone.length; k++) {
        for (int j = 0; j < alone[k].length; j++) {
          diff = Math.max(diff, Math.abs(alone[k][j] - batch[i][k][j]));
        }
      }
    }
    System.out.printf("%s: %d separate runs %.1f ms (%.1f ms each), one batch of %d %.1f ms; max |diff| %.2e%n",
        label, count, separate, separate / count, count, batched, diff);
  }

  private static double millis(Runnable r) {
    long s = System.nanoTime();
    r.run();
    return (System.nanoTime() - s) / 1e6;
  }

  private static double median(double[] t) {
    double[] sorted = t.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
