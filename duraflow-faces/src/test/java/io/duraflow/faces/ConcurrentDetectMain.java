package io.duraflow.faces;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child JVM of the hostile-images suite: runs DetectFace on every URL in {@code args} at once (one thread
 * each, started together, as a worker's activity threads would), then prints one {@code RESULT} line per
 * URL and the peak live heap (after collections) and peak RSS it saw. Uses only API that existed before the decode budget.
 */
public final class ConcurrentDetectMain {
  private ConcurrentDetectMain() {}

  public static void main(String[] args) throws Exception {
    FaceOptions options = FaceOptions.builder().allowPrivateUrls(true).fetchTimeout(Duration.ofMinutes(2)).build();
    DetectFaceActivity activity = new DetectFaceActivity(options);
    activity.detect(TestImages.encode(TestImages.landscape(), "png"), "warm-up"); // loads the models
    AtomicLong peakHeap = new AtomicLong();
    Thread sampler = new Thread(() -> {
      // Heap in use after the latest collection, summed over the heap pools: what was live, not garbage.
      List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null).toList();
      while (!Thread.currentThread().isInterrupted()) {
        long live = 0;
        for (MemoryPoolMXBean p : pools) {
          live += p.getCollectionUsage().getUsed();
        }
        peakHeap.accumulateAndGet(live, Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();

    ExecutorService pool = Executors.newFixedThreadPool(args.length);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (String url : args) {
      results.add(pool.submit(() -> {
        start.await();
        try {
          ImageFaces f = activity.detect(url);
          return "ok width=" + f.width() + " height=" + f.height() + " faces=" + f.faces().size();
        } catch (FaceImageException e) {
          return "failed " + e.getClass().getSimpleName() + " transient=" + e.isTransient() + " " + e.getMessage();
        } catch (Throwable t) {
          return "failed escaped " + t;
        }
      }));
    }
    long t0 = System.nanoTime();
    start.countDown();
    for (int i = 0; i < args.length; i++) {
      System.out.println("RESULT " + args[i] + " " + results.get(i).get(10, TimeUnit.MINUTES));
    }
    long elapsed = System.nanoTime() - t0;
    pool.shutdown();
    sampler.interrupt();
    System.out.println("PEAK_LIVE_HEAP_MIB " + peakHeap.get() / (1024 * 1024));
    System.out.println("MAX_HEAP_MIB " + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    System.out.println("PEAK_RSS " + Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM: unknown").replaceAll("\\s+", " "));
    System.out.println("ELAPSED_MS " + TimeUnit.NANOSECONDS.toMillis(elapsed));
  }
}
