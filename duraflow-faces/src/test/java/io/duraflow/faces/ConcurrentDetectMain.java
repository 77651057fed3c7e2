package io.duraflow.faces;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Child JVM of the hostile-images suite: runs DetectFace on every URL in {@code args} at once (one thread
 * each, started together, as a worker's activity threads would), then prints one {@code RESULT} line per
 * URL and the peak heap after any collection and peak RSS it saw. Uses only API that existed before the decode budget.
 */
public final class ConcurrentDetectMain {
  private ConcurrentDetectMain() {}

  public static void main(String[] args) throws Exception {
    FaceOptions options = FaceOptions.builder().allowPrivateUrls(true).fetchTimeout(Duration.ofMinutes(2)).build();
    DetectFaceActivity activity = new DetectFaceActivity(options);
    activity.detect(TestImages.encode(TestImages.landscape(), "png"), "warm-up"); // loads the models
    AtomicLong peakHeap = new AtomicLong();
    // Heap in use right after each collection, summed over the heap pools: an upper bound of what was live.
    Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
        if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
          long after = 0;
          for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
              after += e.getValue().getUsed();
            }
          }
          peakHeap.accumulateAndGet(after, Math::max);
        }
      }, null, null);
    }

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
    System.out.println("PEAK_HEAP_AFTER_GC_MIB " + peakHeap.get() / (1024 * 1024));
    System.out.println("MAX_HEAP_MIB " + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    System.out.println("PEAK_RSS " + Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM: unknown").replaceAll("\\s+", " "));
    System.out.println("ELAPSED_MS " + TimeUnit.NANOSECONDS.toMillis(elapsed));
  }
}
