package io.duraflow.bench;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.Task;
import io.duraflow.api.TaskRegistry;
import io.duraflow.bench.peer.Compare;
import io.duraflow.client.DurableClient;
import io.duraflow.engine.DuraflowEngine;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.TaskScheduled;
import io.duraflow.samples.Samples;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.sqlite.SqliteStoreProvider;
import io.duraflow.store.StoreOptions;
import io.duraflow.worker.WorkerOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Engine benchmarks: HelloSequence throughput, wide fan-outs, a long sequential instance and entity
 * counters ({@link EntityBench}). Each run
 * starts from an empty store; see docs/benchmarks.md for the command and recorded figures.
 */
@Command(name = "duraflow-bench", mixinStandardHelpOptions = true, subcommands = Compare.class,
    description = "Measure Duraflow on the embedded SQLite store (default) or PostgreSQL.")
public final class Bench implements Callable<Integer> {

  @Parameters(index = "0", defaultValue = "all", description = "hello | fanout | long | entities | all (default: ${DEFAULT-VALUE})")
  String which;

  @Option(names = "--store", description = "PostgreSQL URL; default: SQLite in a temporary directory.")
  String store;

  @Option(names = "--durability", defaultValue = "full", description = "SQLite durability: full | normal.")
  String durability;

  @Option(names = "--instances", defaultValue = "5000", description = "HelloSequence instances (default: ${DEFAULT-VALUE}).")
  int instances;

  @Option(names = "--fanout", split = ",", defaultValue = "1000,10000", description = "Fan-out widths (default: ${DEFAULT-VALUE}).")
  List<Integer> widths;

  @Option(names = "--steps", defaultValue = "5000", description = "Steps of the long instance (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--signals", defaultValue = "20000", description = "Entity signals per entity case (default: ${DEFAULT-VALUE}).")
  int signals;

  @Option(names = "--entities", split = ",", defaultValue = "1,100",
      description = "Entity counts the signals are spread over, one case each (default: ${DEFAULT-VALUE}).")
  List<Integer> entityCounts;

  @Option(names = "--nodes", defaultValue = "1", description = "Workers (engines) in this process sharing the store (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--session-cache", defaultValue = "1000",
      description = "Instances kept loaded between steps; 0 replays the whole history at every step (default: ${DEFAULT-VALUE}).")
  int sessionCache;

  @Option(names = "--no-worker", description = "Only start instances and wait: other processes run them (multi-node runs).")
  boolean noWorker;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Bench()).execute(args));
  }

  /** HelloSequence, Approval, FanOut, LongSequence and Echo; also used by the {@code compare} peer benchmark. */
  public static TaskRegistry registry() {
    return Samples.register(TaskRegistry.builder())
        .addOrchestration("FanOut", ctx -> {
          int n = ctx.getInput(Integer.class);
          List<Task<Integer>> tasks = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            tasks.add(ctx.callActivity("Echo", i, Integer.class));
          }
          return ctx.allOf(tasks).await().size();
        })
        .addOrchestration("LongSequence", ctx -> {
          int n = ctx.getInput(Integer.class);
          int sum = 0;
          for (int i = 0; i < n; i++) {
            sum += ctx.callActivity("Echo", 1, Integer.class).await();
          }
          return sum;
        })
        .addActivity("Echo", ctx -> ctx.getInput(Integer.class))
        .build();
  }

  @Override
  public Integer call() throws Exception {
    System.out.printf("# duraflow-bench on %s, %d node(s), session cache %d, %d cores, max heap %d MiB, Java %s%n",
        store == null ? "SQLite (synchronous=" + durability.toUpperCase(Locale.ROOT) + ")" : "PostgreSQL", nodes, sessionCache,
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
    if (which.equals("hello") || which.equals("all")) {
      withEngine(this::hello);
    }
    if (which.equals("fanout") || which.equals("all")) {
      for (int width : widths) {
        withEngine(client -> fanOut(client, width));
      }
    }
    if (which.equals("long") || which.equals("all")) {
      withEngine(this::longSequence);
    }
    if (which.equals("entities") || which.equals("all")) {
      for (int m : entityCounts) {
        withStore(s -> EntityBench.run(s, signals, m,
            WorkerOptions.defaults("bench-" + DuraflowEngine.defaultWorkerId()).withSessionCacheSize(sessionCache)));
      }
    }
    return 0;
  }

  interface Scenario {
    void run(DurableClient client) throws Exception;
  }

  interface StoreScenario {
    void run(OrchestrationStore store) throws Exception;
  }

  /** A fresh store for a scenario that starts its own engines. */
  private void withStore(StoreScenario scenario) throws Exception {
    Path dir = Files.createTempDirectory("duraflow-bench");
    StoreOptions options = StoreOptions.defaults().with(SqliteStoreProvider.DURABILITY, durability);
    try (OrchestrationStore s = OrchestrationStores.open(store, dir, options)) {
      scenario.run(s);
    }
  }

  private void withEngine(Scenario scenario) throws Exception {
    Path dir = Files.createTempDirectory("duraflow-bench");
    StoreOptions options = StoreOptions.defaults().with(SqliteStoreProvider.DURABILITY, durability);
    try (OrchestrationStore s = OrchestrationStores.open(store, dir, options)) {
      List<DuraflowEngine> engines = new ArrayList<>();
      for (int i = 0; i < Math.max(1, nodes); i++) {
        engines.add(DuraflowEngine.builder().store(s).registry(registry()).runWorker(!noWorker)
            .workerOptions(WorkerOptions.defaults("bench-" + i + "-" + DuraflowEngine.defaultWorkerId()).withSessionCacheSize(sessionCache))
            .build().start());
      }
      try {
        scenario.run(engines.get(0).client());
      } finally {
        engines.forEach(DuraflowEngine::close);
      }
    }
  }

  private void hello(DurableClient client) throws Exception {
    // Warm up the JIT and the connections, then measure from the first start to the last completion.
    runHello(client, Math.min(500, instances));
    long start = System.nanoTime();
    runHello(client, instances);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("hello      %,d HelloSequence instances in %.2f s = %,.0f instances/s%n", instances, seconds, instances / seconds);
  }

  private static void runHello(DurableClient client, int n) throws Exception {
    ExecutorService starters = Executors.newFixedThreadPool(4);
    List<Future<String>> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(starters.submit(() -> client.startNew("HelloSequence", null)));
    }
    for (Future<String> id : ids) {
      InstanceRecord r = client.waitForCompletion(id.get(), Duration.ofMinutes(10));
      if (r.runtimeStatus() != OrchestrationRuntimeStatus.COMPLETED) {
        throw new IllegalStateException("instance " + r.instanceId() + " ended " + r.runtimeStatus());
      }
    }
    starters.shutdown();
  }

  private void fanOut(DurableClient client, int width) throws Exception {
    HeapSampler heap = HeapSampler.start();
    long start = System.nanoTime();
    String id = client.startNew("FanOut", width);
    InstanceRecord r = client.waitForCompletion(id, Duration.ofMinutes(30));
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = heap.stop();
    System.out.printf("fanout     width %,d: %s in %.2f s (%,.0f activities/s), peak heap used %d MiB%n",
        width, r.runtimeStatus().wireName(), seconds, width / seconds, peak >> 20);
  }

  private void longSequence(DurableClient client) throws Exception {
    long start = System.nanoTime();
    String id = client.startNew("LongSequence", steps);
    InstanceRecord r = client.waitForCompletion(id, Duration.ofMinutes(30));
    double seconds = (System.nanoTime() - start) / 1e9;
    List<HistoryEvent> history = client.getHistory(id);
    List<TaskScheduled> scheduled = history.stream().filter(TaskScheduled.class::isInstance).map(TaskScheduled.class::cast)
        .sorted(Comparator.comparingInt(TaskScheduled::taskId)).toList();
    int window = Math.min(200, scheduled.size() / 4);
    System.out.printf("long       %,d steps: %s in %.2f s; step time first %d: %.2f ms, last %d: %.2f ms (history %,d events)%n",
        steps, r.runtimeStatus().wireName(), seconds, window, stepMillis(scheduled, 0, window), window,
        stepMillis(scheduled, scheduled.size() - window - 1, window), history.size());
  }

  /** Mean time between consecutive TaskScheduled events: one activity round trip plus one step. */
  private static double stepMillis(List<TaskScheduled> s, int from, int count) {
    Duration d = Duration.between(s.get(from).timestamp(), s.get(from + count).timestamp());
    return d.toNanos() / 1e6 / count;
  }

  /** Samples heap usage every few milliseconds and reports the peak. */
  static final class HeapSampler {
    private volatile boolean running = true;
    private volatile long peak;
    private final Thread thread;

    private HeapSampler() {
      System.gc();
      thread = new Thread(() -> {
        while (running) {
          long used = 0;
          for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
              used += pool.getUsage().getUsed();
            }
          }
          peak = Math.max(peak, used);
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    static HeapSampler start() {
      return new HeapSampler();
    }

    long stop() throws InterruptedException {
      running = false;
      thread.join();
      return peak;
    }
  }
}
